import * as vscode from 'vscode';
import type { RunnerKind } from '../engine/model/agentSchema';

/**
 * The `baton.*` settings. Run behaviour that the CLI must reproduce (teams, capacities, review,
 * worktree location, runners) lives in the workspace's `teams.yaml`, so an editor run and a CI
 * run of the same files agree; the settings that shape files are therefore the defaults
 * Initialize Workspace writes into a new `teams.yaml`. `maxParallelAgents` is a per-run cap,
 * like the CLI's `--max-parallel`.
 */
export interface BatonSettings {
  configRoot: string;
  /** Cap on agents running at once for runs started here; undefined: the sprint's and teams.yaml's caps. */
  maxParallelAgents: number | undefined;
  defaultRunner: RunnerKind;
  worktreeLocation: string;
  requireReview: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): BatonSettings {
  const c = vscode.workspace.getConfiguration('baton', scope);
  const max = c.get<number | null>('maxParallelAgents', null);
  return {
    configRoot: c.get<string>('configRoot', '.claude').trim() || '.claude',
    maxParallelAgents: typeof max === 'number' && Number.isInteger(max) && max >= 1 ? max : undefined,
    defaultRunner: c.get<RunnerKind>('defaultRunner', 'claude-code'),
    worktreeLocation: c.get<string>('worktreeLocation', '').trim(),
    requireReview: c.get<boolean>('requireReview', false),
  };
}
