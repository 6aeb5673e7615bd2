import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo, readJournal, type JournalEvent, type TempRepo } from './engineHarness';

/**
 * Workspaces for the coordination tests (coordination*.test.ts): teams with specialties and
 * boundaries, tasks with checklists and review gates, and one scripted agent whose behaviour is
 * the first argument of its command — honest, or lying in a precise way. Files are written as
 * JSON, which is YAML, so no quoting question ever arises.
 */

/** The stand-in agent (not an AI). `node scripts/coord-agent.mjs <behaviour> [arg]`. */
export const COORD_AGENT = String.raw`#!/usr/bin/env node
// Behaviours (first argument):
//   work [ms]       sleep ms, write work/<task>.md and every path listed under "Artifacts to hand off"; success
//   lie-no-change   report success without changing anything
//   lie-verify      write work/<task>.md and report success (the task's checklist command fails)
//   trespass        write work/<task>.md and secret/<task>.txt (outside most agents' owns); success
//   fail            report failure, exit 1
//   fail-once       attempt 1 fails, later attempts work
//   rate-limit      print a rate-limit error and exit 1, no result
//   conflict        write shared.txt with this task's own line; success
//   resolve         remove conflict markers from files its acceptance criteria name, else work
// COORD_LOG: every finished invocation appends "<task> <agent> <attempt>".
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
const [behaviour = 'work', arg] = process.argv.slice(2);
const env = process.env;
const task = env.BATON_TASK_ID;
const agent = env.BATON_AGENT;
const attempt = Number(/attempt-(\d+)/.exec(env.BATON_RESULT_FILE ?? '')?.[1] ?? 1);
const prompt = existsSync(env.BATON_PROMPT_FILE ?? '') ? readFileSync(env.BATON_PROMPT_FILE, 'utf8') : '';
const written = [];
function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  written.push(file);
}
function section(title) {
  const at = prompt.indexOf('### ' + title);
  if (at < 0) return [];
  const items = [];
  for (const line of prompt.slice(at).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    if (line.startsWith('- ')) items.push(line.slice(2).trim());
  }
  return items;
}
function report(status, summary, code = 0) {
  writeFileSync(env.BATON_RESULT_FILE, JSON.stringify({ status, summary, artifacts: written, knownIssues: status === 'success' ? ['scripted: nothing real was built'] : [] }) + '\n');
  if (env.COORD_LOG) appendFileSync(env.COORD_LOG, task + ' ' + agent + ' ' + attempt + '\n');
  process.exit(code);
}
function work() {
  write('work/' + task + '.md', '# ' + task + '\n\nby ' + agent + ', attempt ' + attempt + '\n');
  for (const a of section('Artifacts to hand off')) if (/[/.]/.test(a)) write(a, a + ' from ' + task + '\n');
  report('success', agent + ' did ' + task + ' (attempt ' + attempt + ')');
}
const delay = Number(env.COORD_DELAY_MS ?? (behaviour === 'work' ? arg ?? 0 : 0));
if (delay > 0) await sleep(delay);
switch (behaviour) {
  case 'work': work(); break;
  case 'lie-no-change': report('success', 'All done! Everything works.'); break;
  case 'lie-verify': write('work/' + task + '.md', 'claims the tests pass\n'); report('success', 'Implemented; all tests pass.'); break;
  case 'trespass': write('work/' + task + '.md', 'x\n'); write('secret/' + task + '.txt', 'not mine\n'); report('success', 'Done, and fixed a secret on the way.'); break;
  case 'fail': report('failure', agent + ' could not do ' + task, 1); break;
  case 'fail-once': if (attempt === 1) report('failure', 'first attempt fails', 1); work(); break;
  case 'rate-limit': process.stderr.write('API Error: 429 Too Many Requests (rate limit exceeded)\n'); process.exit(1); break;
  case 'conflict': write('shared.txt', 'line from ' + task + '\n'); report('success', task + ' wrote shared.txt'); break;
  case 'resolve': {
    const files = section('Acceptance criteria').map((c) => /No conflict markers remain in (.+)$/.exec(c.replace(/^\[ \] /, ''))?.[1]).filter(Boolean);
    if (!files.length) work();
    for (const f of files) write(f, readFileSync(f, 'utf8').split('\n').filter((l) => !/^(<{7}|={7}|>{7})( |$)/.test(l)).join('\n'));
    report('success', 'resolved ' + files.join(', '));
    break;
  }
  default: process.stderr.write('coord-agent: unknown behaviour ' + behaviour + '\n'); process.exit(2);
}
`;

export interface AgentSpec {
  name: string;
  /** First argument of the scripted agent (and its own argument). */
  behaviour: string;
  arg?: string;
  owns?: string[];
  forbidden?: string[];
  specialties?: string[];
  capacity?: number;
  /** The team it belongs to (default `crew`). */
  team?: string;
}

export interface TaskSpec {
  id: string;
  assignee?: string;
  team?: string;
  type?: string;
  dependencies?: string[];
  checklist?: (string | { item: string; verify?: string | string[]; timeout?: number })[];
  review?: boolean;
  handoff_artifacts?: string[];
  acceptance_criteria?: string[];
  max_retries?: number;
  produces_changes?: boolean;
}

export interface CoordinationWorkspace {
  /** The test watches agents from outside their worktree: `sandbox: off` (see `makeRepo`'s `observed`). */
  observed?: boolean;
  agents: AgentSpec[];
  tasks: TaskSpec[];
  maxRetries?: number;
  maxParallel?: number;
  prerequisites?: unknown[];
  requireReview?: string[];
  /** Extra sprint keys (sync_points, ...). */
  sprint?: Record<string, unknown>;
}

/** A temp repository holding the workspace, sprint `s1`, and `scripts/coord-agent.mjs`. */
export function coordinationRepo(ws: CoordinationWorkspace, extraFiles: Record<string, string> = {}): TempRepo {
  const teams: Record<string, { members: unknown[]; settings?: unknown }> = {};
  for (const a of ws.agents) {
    const id = a.team ?? 'crew';
    teams[id] ??= { members: [], ...(ws.requireReview?.includes(id) ? { settings: { require_review: true } } : {}) };
    teams[id].members.push({ agent: a.name, capacity: a.capacity ?? 2, specialties: a.specialties ?? [] });
  }
  const files: Record<string, string> = {
    '.claude/teams.yaml': `${JSON.stringify({ teams, settings: { max_parallel_agents: ws.maxParallel ?? 4, max_retries: ws.maxRetries ?? 0, ...(ws.observed ? { sandbox: 'off' } : {}) } }, null, 2)}\n`,
    '.claude/sprints/s1.yaml': `${JSON.stringify({ sprint: { id: 's1', teams: Object.keys(teams), ...(ws.prerequisites ? { prerequisites: ws.prerequisites } : {}), tasks: ws.tasks.map((t) => ({ title: `Task ${t.id}`, ...t })), ...ws.sprint } }, null, 2)}\n`,
    'scripts/coord-agent.mjs': COORD_AGENT,
    ...extraFiles,
  };
  for (const a of ws.agents) {
    const command = ['node', '{workspace}/scripts/coord-agent.mjs', a.behaviour, ...(a.arg !== undefined ? [a.arg] : [])];
    const front = [
      `name: ${a.name}`, `description: Coordination test agent ${a.name} (${a.behaviour}).`, 'runner: command',
      `command: ${JSON.stringify(command)}`, 'env: ["COORD_*"]',
      ...(a.owns ? [`owns: ${JSON.stringify(a.owns)}`] : []), ...(a.forbidden ? [`forbidden: ${JSON.stringify(a.forbidden)}`] : []),
      ...(a.specialties ? [`specialties: ${JSON.stringify(a.specialties)}`] : []),
    ];
    files[`.claude/agents/${a.name}.md`] = `---\n${front.join('\n')}\n---\nYou do the task.\n`;
  }
  // `observed` is written into the settings above (this teams.yaml is JSON, not block YAML).
  return makeRepo({ files });
}

/** When each task's attempts ran, from the journal: first `task:started` to its last settling event. */
export function intervals(events: readonly JournalEvent[]): Map<string, { start: number; end: number }> {
  const out = new Map<string, { start: number; end: number }>();
  const settle = new Set(['task:succeeded', 'task:failed', 'task:blocked', 'task:review-requested', 'task:redirected', 'task:skipped']);
  for (const e of events) {
    if (!e.task) continue;
    const at = Date.parse(String(e.at));
    if (e.type === 'task:started') {
      const cur = out.get(e.task);
      out.set(e.task, { start: cur?.start ?? at, end: cur?.end ?? Infinity });
    } else if (settle.has(e.type) && out.has(e.task)) {
      out.get(e.task)!.end = at;
    }
  }
  return out;
}

/** Whether two tasks' running intervals overlap. */
export function overlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The journal's events of one type (optionally for one task). */
export function eventsOf(root: string, type: string, task?: string): JournalEvent[] {
  return readJournal(root).events.filter((e) => e.type === type && (task === undefined || e.task === task));
}

/** The prompt an attempt was given (`.claude/state/runs/<run>/tasks/<task>/attempt-<n>/prompt.md`). */
export function promptOf(repo: TempRepo, task: string, attempt: number): string {
  const runId = readJournal(repo.root).runId!;
  return fs.readFileSync(path.join(repo.root, '.claude', 'state', 'runs', runId, 'tasks', task, `attempt-${attempt}`, 'prompt.md'), 'utf8');
}
