import * as path from 'node:path';
import { agentMd, tempWorkspace } from '../support/tempWorkspace';
import { uriOf } from './lspClient';

/** teams.yaml of the feature fixture: team `eng` (dev, qa) and team `design` (artist). */
export const TEAMS = `teams:
  eng:
    members: [dev, qa]
    subscriptions: [task_completed]
  design:
    members: [artist]
`;

/**
 * A four-task sprint: plan (2) → build (5) → test (3) is the critical path (length 10);
 * docs (1) depends on plan and has slack 7.
 */
export const SPRINT = `sprint:
  id: s1
  teams: [eng]
  tasks:
    - id: plan
      title: Plan the work
      estimate: 2
      assignee: dev
    - id: build
      title: Build it
      estimate: 5
      assignee: dev
      dependencies: [plan]
    - id: test
      title: Test it
      estimate: 3
      assignee: qa
      dependencies: [build]
    - id: docs
      title: Write docs
      estimate: 1
      assignee: dev
      dependencies: [plan]
`;

export interface Fixture {
  root: string;
  teams: string;
  sprint: string;
  dev: string;
}

/** Writes the fixture workspace to a temp folder; returns its root and the URIs of its files. */
export function writeFixture(): Fixture {
  const root = tempWorkspace({
    '.claude/teams.yaml': TEAMS,
    '.claude/sprints/s1.yaml': SPRINT,
    '.claude/agents/dev.md': agentMd('dev', 'model: sonnet\n').replace('description: dev agent', 'description: Builds features.'),
    '.claude/agents/qa.md': agentMd('qa'),
    '.claude/agents/artist.md': agentMd('artist'),
  }, 'baton-lsp-features-');
  return {
    root,
    teams: uriOf(path.join(root, '.claude/teams.yaml')),
    sprint: uriOf(path.join(root, '.claude/sprints/s1.yaml')),
    dev: uriOf(path.join(root, '.claude/agents/dev.md')),
  };
}
