import assert from 'node:assert/strict';
import * as path from 'node:path';
import { classifyConfigFile, parseWholeConfigFile, type ParsedConfigFile } from '../../../src/engine/config/configFile';
import { classifyForeignAgentFile, parseForeignAgentFile } from '../../../src/engine/config/foreignAgents';
import { resolveWorkspace } from '../../../src/engine/config/resolveWorkspace';
import type { Diagnostic } from '../../../src/engine/model/diagnostic';
import type { BatonLanguageService } from '../../../src/server/languageService';

export const ROOT = '/ws';
export const CONFIG = path.join(ROOT, '.claude');
export const SPRINT_FILE = path.join(CONFIG, 'sprints/patterns.yaml');
export const PLAIN_FILE = path.join(CONFIG, 'sprints/plain.yaml');
export const TEAMS_FILE = path.join(CONFIG, 'teams.yaml');
/** Agents in VS Code's and Codex's formats: agents like any other to the sprints and teams. */
export const VSCODE_AGENT_FILE = path.join(ROOT, '.github/agents/pr-reviewer.agent.md');
export const CODEX_AGENT_FILE = path.join(ROOT, '.codex/agents/builder.toml');

/** Teams whose subscriptions use every action, with a task template's assignee (checked against the members). */
export const TEAMS = `teams:
  eng:
    members: [dev0, dev1, dev2, builder]
    settings: { require_review: true }
    subscriptions:
      - bug_discovered
      - { event: quality_gate_failed, action: task, task: { title: Fix the gate, assignee: dev1, priority: high } }
      - { event: deployment_completed, action: command, command: 'npm run smoke', timeout: 60 }
      - { event: infrastructure_alert, critical: true, task: { title: Respond, assignee: builder } }
  qa:
    members: [qa0, dev1, pr-reviewer]
    subscriptions: [qa_testing_completed]
`;

export const VSCODE_AGENT = `---
name: pr-reviewer
description: Reviews pull requests
tools: [read, search]
model: gpt-5
---
Review the change.
`;

export const CODEX_AGENT = `name = "builder"
description = "Builds the backend"
model_reasoning_effort = "high"
sandbox_mode = "workspace-write"
developer_instructions = """
Build it.
"""
`;

export function agentFile(name: string): string {
  return `---\nname: ${name}\ndescription: Agent ${name}\n---\nYou work.\n`;
}

export const AGENTS = ['dev0', 'dev1', 'dev2', 'qa0', 'rev'];

/**
 * A sprint that uses every feature the compiler, the graph check and the cross checks have:
 * dependencies, conditions, task reviewers and validators, fan-out templates, sync points with
 * `before`, sprint-level patterns, inherited reviewers, teams, checklists with a bad command
 * line, duplicate ids, unknown and self dependencies, unknown agents and teams, and a cycle.
 */
export function patternSprint(tasks: number): string {
  const lines = [
    'sprint:',
    '  id: pat',
    '  primary_agent: dev0',
    '  reviewer_agents: [rev]',
    '  teams: [eng]',
    '  tasks:',
  ];
  for (let i = 0; i < tasks; i++) {
    const deps = i === 0 ? [] : [`t${(i * 7919) % i}`, ...(i % 5 === 0 ? [`t${i - 1}`] : [])];
    lines.push(`    - id: ${i === 13 ? 't12' : `t${i}`}`, `      title: Task ${i}`);
    if (i % 9 === 4) lines.push('      # a comment inside a task');
    lines.push(`      dependencies: [${[...deps, ...(i === 21 ? ['nope'] : []), ...(i === 22 ? ['t22'] : [])].join(', ')}]`);
    if (i % 4 === 1) lines.push(`      assignee: dev${i % 3}`);
    if (i % 4 === 2) lines.push('      team: qa');
    if (i % 11 === 3) lines.push('      reviewers: [rev, qa0]');
    if (i % 13 === 5) lines.push('      validation:', '        validator: qa0', '        checklist:', `          - { item: runs, verify: 'npm test ${i % 2 ? '' : '"unclosed'}' }`);
    if (i % 17 === 6) lines.push('      fan_out:', '        items: [a, b]');
    if (i % 19 === 7) lines.push(`      condition: t${Math.max(0, i - 3)}.ok`);
    if (i === 30) lines.push('      assignee: ghost');
    if (i === 31) lines.push('      team: nowhere');
    if (i === 32) lines.push('      assignee: pr-reviewer');
    if (i === 36) lines.push('      assignee: builder');
    if (i === 40) lines.push('      estimate: -1');
    if (i % 23 === 8) lines.push('\n');
  }
  lines.push(
    '    - id: c1',
    '      dependencies: [c2]',
    '    - id: c2',
    '      dependencies: [c1]',
    '  sync_points:',
    '    - name: Midway',
    `      after: [t${Math.floor(tasks / 3)}, t${Math.floor(tasks / 2)}]`,
    `      before: [t${tasks - 1}, ghost-task]`,
    '    - Plain note',
    '  phases:',
    '    - { name: design, agent: dev0, validator: qa0 }',
    '    - { name: build, agent: dev1 }',
    '  fan_out:',
    '    agent: dev2',
    '    tasks: [x1, x2, x1]',
    '  fan_in:',
    '    agent: dev0',
    '    task: merge',
    '  conditional_logic:',
    '    analyzer: qa0',
    '    branches:',
    '      - { condition: high, agent: dev1 }',
    '  success_criteria: [All green]',
  );
  return lines.join('\n') + '\n';
}

/** A file as `baton validate` parses it: whole, in Baton's format or (under the workspace root) VS Code's or Codex's. */
function parseWhole(file: string, text: string): ParsedConfigFile {
  const kind = classifyConfigFile(CONFIG, file);
  if (kind) return parseWholeConfigFile(kind, file, text);
  return parseForeignAgentFile(classifyForeignAgentFile(ROOT, file)!, file, text);
}

/** Every file's diagnostics from scratch: the whole-document parse of each text, resolved anew. */
export function referenceDiagnostics(texts: ReadonlyMap<string, string>): Map<string, Diagnostic[]> {
  const parsed = [...texts].map(([file, text]) => parseWhole(file, text));
  const result = resolveWorkspace(parsed, { root: ROOT, configRoot: CONFIG });
  const byFile = new Map<string, Diagnostic[]>([...texts.keys()].map((f) => [f, []]));
  for (const d of result.diagnostics) byFile.get(d.file)!.push(d);
  return byFile;
}

/**
 * The service's diagnostics and resolved sprints equal a from-scratch validation of the same
 * texts: what an editor shows after any sequence of edits is what `baton validate` would say.
 */
export function assertMatchesScratch(service: BatonLanguageService, texts: ReadonlyMap<string, string>, label: string): void {
  const expected = referenceDiagnostics(texts);
  const actual = service.diagnosticsByFile();
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${label}: files`);
  for (const [file, list] of expected) assert.deepEqual(actual.get(file), list, `${label}: diagnostics of ${path.basename(file)}`);
  const parsed = [...texts].map(([file, text]) => parseWhole(file, text));
  const reference = resolveWorkspace(parsed, { root: ROOT, configRoot: CONFIG }).workspace;
  assert.deepEqual(service.snapshot().workspace.sprints, reference.sprints, `${label}: resolved sprints`);
}
