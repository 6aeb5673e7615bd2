/**
 * Sprints and snapshots for the board's tests and benchmark, made with the host's own mapping
 * (`boardModel.ts`), so the webview is fed exactly what the extension would send.
 */
import type { Priority } from '../../src/engine/model/common';
import type { Task } from '../../src/engine/model/workspace';
import type { BoardMember, BoardSnapshot, BoardTask, BoardTaskStatus } from '../../src/shared/boardTypes';
import { boardCapabilities, boardTask, graphFacts } from '../../src/extension/board/boardModel';
import { seededRandom as random } from '../support/seededRandom';

export interface TaskSpec {
  id: string;
  title?: string;
  dependencies?: string[];
  estimate?: number;
  priority?: Priority;
  assignee?: string;
  team?: string;
}

export function engineTask(spec: TaskSpec, line = 1): Task {
  return {
    id: spec.id, sprint: 'sprint-1', title: spec.title ?? `Task ${spec.id}`, description: `Do ${spec.id}.`, type: 'feature',
    priority: spec.priority ?? 'medium', estimate: spec.estimate ?? 1, dependencies: spec.dependencies ?? [],
    ...(spec.assignee !== undefined ? { assignee: spec.assignee } : {}), ...(spec.team !== undefined ? { team: spec.team } : {}),
    acceptanceCriteria: [], handoffArtifacts: [], checklist: [], review: false, producesChanges: true, urgency: 5, businessImpact: 5,
    labels: [], kind: 'task', location: { file: '/ws/.claude/sprints/sprint-1.yaml', range: { line, column: 7, endLine: line, endColumn: 20 } },
  };
}

export interface TaskState {
  status: BoardTaskStatus;
  agent?: string;
  runningSince?: string;
  reason?: string;
  attempts?: number;
}

/** A snapshot of `specs` with the given states, as the host builds it. */
export function snapshotOf(specs: TaskSpec[], states: Record<string, TaskState> = {}, options: { members?: BoardMember[]; runningHere?: boolean } = {}): BoardSnapshot {
  const tasks = specs.map((s, i) => engineTask(s, i * 8 + 3));
  const facts = graphFacts(tasks);
  const board = tasks.map((t) => withState(boardTask(t, undefined, facts), states[t.id]));
  return {
    sprint: { id: 'sprint-1', name: 'Sprint 1', file: '/ws/.claude/sprints/sprint-1.yaml', estimateUnit: 'points' },
    sprints: [{ id: 'sprint-1', name: 'Sprint 1' }],
    run: { runId: 'run-1', sprint: 'sprint-1', status: 'active', startedAt: new Date(Date.now() - 600_000).toISOString(), runningHere: options.runningHere ?? true },
    tasks: board,
    members: options.members ?? [],
    criticalPath: [...facts.criticalPath],
    metrics: undefined,
    capabilities: boardCapabilities({ runningHere: true, trusted: true }),
    hostNow: new Date().toISOString(),
  };
}

export function withState(task: BoardTask, state: TaskState | undefined): BoardTask {
  if (!state) return task;
  const out: BoardTask = { ...task, status: state.status, attempts: state.attempts ?? (state.status === 'planning' || state.status === 'ready' ? 0 : 1) };
  // What the run would have left: a handoff and changes once work was handed off, work to accept after a failure.
  out.handoff = state.status === 'done' || state.status === 'review';
  out.diff = out.handoff || state.status === 'failed';
  out.acceptable = state.status === 'failed';
  if (state.agent !== undefined) out.agent = state.agent;
  if (state.runningSince !== undefined) out.runningSince = state.runningSince;
  if (state.reason !== undefined) out.reason = state.reason;
  return out;
}

export { random };

/**
 * A large sprint shaped like real ones: `size` tasks over about `size / 50` levels, each with
 * one to three dependencies on the few levels before it, spread over 5 teams of 4 agents.
 */
export function largeSprint(size: number, seed = 7): { specs: TaskSpec[]; members: BoardMember[] } {
  const rnd = random(seed);
  const members: BoardMember[] = [];
  for (let t = 0; t < 5; t++) for (let a = 0; a < 4; a++) members.push({ agent: `agent-${t}-${a}`, team: `team-${t}`, capacity: 2 });
  const perLevel = 50;
  const specs: TaskSpec[] = [];
  const priorities: Priority[] = ['critical', 'high', 'medium', 'medium', 'low'];
  for (let i = 0; i < size; i++) {
    const level = Math.floor(i / perLevel);
    const deps = new Set<string>();
    if (level > 0) {
      const count = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < count; k++) {
        const back = 1 + Math.floor(rnd() * rnd() * 3);
        const from = Math.max(0, level - back);
        const j = from * perLevel + Math.floor(rnd() * perLevel);
        if (j < i) deps.add(`t${j}`);
      }
    }
    const team = Math.floor(rnd() * 5);
    specs.push({
      id: `t${i}`, title: `Implement part ${i} of the feature set`, dependencies: [...deps], estimate: 1 + Math.floor(rnd() * 8),
      priority: priorities[Math.floor(rnd() * priorities.length)]!, team: `team-${team}`, assignee: `agent-${team}-${Math.floor(rnd() * 4)}`,
    });
  }
  return { specs, members };
}

/** States for a large sprint in mid-run: the first levels done, a band running, the rest waiting. */
export function midRunStates(specs: TaskSpec[], seed = 11): Record<string, TaskState> {
  const rnd = random(seed);
  const states: Record<string, TaskState> = {};
  const now = Date.now();
  specs.forEach((s, i) => {
    const f = i / specs.length;
    const r = rnd();
    let status: BoardTaskStatus;
    if (f < 0.3) status = r < 0.02 ? 'skipped' : 'done';
    else if (f < 0.36) status = r < 0.5 ? 'running' : r < 0.7 ? 'review' : r < 0.8 ? 'failed' : r < 0.9 ? 'blocked' : 'ready';
    else status = r < 0.2 ? 'ready' : 'planning';
    states[s.id] = { status, ...(status === 'running' ? { runningSince: new Date(now - Math.floor(rnd() * 3_600_000)).toISOString() } : {}) };
  });
  return states;
}
