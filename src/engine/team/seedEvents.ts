import type { Sprint, Task, Workspace } from '../model/workspace';
import type { DeepReadonly, ReadonlyRunState, TaskRunState } from '../state/runState';
import type { RaiseInput } from './raisedEvents';
import { teamOfTask } from './roles';

/** Seed 000's events the engine raises in every run: they mean something whatever the teams subscribe to. */
const ALWAYS = new Set(['sprint_initialized', 'testing_phase_started', 'feature_completed', 'quality_gate_failed', 'release_approved', 'bug_fix_completed']);
/** Baton's own lifecycle events: raised only when a team subscribes (the journal has the engine events anyway). */
const ON_SUBSCRIPTION = new Set(['task_started', 'task_completed', 'task_failed', 'task_blocked', 'review_request', 'review_complete', 'sync_point_reached']);

const TEST_TYPES = new Set(['test', 'tests', 'testing', 'qa', 'e2e', 'integration_test', 'verification']);
const FEATURE_TYPES = new Set(['feature', 'feat', 'story', 'enhancement']);
const FIX_TYPES = new Set(['bug', 'bugfix', 'fix', 'hotfix', 'defect', 'regression']);

/**
 * The seed 000 events a run's state calls for (DESIGN.md "Teams that talk"): `sprint_initialized`
 * when the run starts, `testing_phase_started` when the first test task starts,
 * `feature_completed` when a feature is done, `quality_gate_failed` on a failed checklist,
 * `release_approved` when a person approves a review, `bug_fix_completed` when a fix task an
 * event created is done — plus Baton's lifecycle events where a team subscribes to them.
 *
 * Derived from state, not from the event stream, and keyed per cause: the caller raises the
 * ones whose key is not yet journalled, so a crash between a cause and its event is repaired on
 * resume and no cause ever raises twice. `taskId` limits the scan to one task (the live path).
 */
export function derivedEvents(state: ReadonlyRunState, workspace: Workspace, sprint: Sprint, tasks: ReadonlyMap<string, Task>, taskId?: string): RaiseInput[] {
  if (!state.runId || !state.sprint) return [];
  const subscribed = new Set([...workspace.teams.values()].flatMap((t) => t.subscriptions.map((s) => s.event)));
  const wanted = (name: string): boolean => ALWAYS.has(name) || (ON_SUBSCRIPTION.has(name) && subscribed.has(name));
  const raised = new Set(state.team?.raisedKeys ?? []);
  const out: RaiseInput[] = [];
  const add = (input: RaiseInput): void => {
    if (wanted(input.name) && !raised.has(input.key!)) {
      raised.add(input.key!);
      out.push(input);
    }
  };
  if (taskId === undefined) add({ name: 'sprint_initialized', key: 'sprint_initialized', data: { sprint: sprint.id, tasks: sprint.tasks.length, teams: [...sprint.teams] }, source: { engine: true } });
  const ids = taskId === undefined ? [...state.tasks.keys()] : [taskId];
  for (const id of ids) {
    const t = state.tasks.get(id);
    const task = tasks.get(id);
    if (t && task) for (const input of taskCauses(t, task, workspace)) add(input);
  }
  return out;
}

function taskCauses(t: DeepReadonly<TaskRunState>, task: Task, workspace: Workspace): RaiseInput[] {
  const team = teamOfTask(workspace, task, t.agent);
  const source = { engine: true as const, task: task.id, ...(team ? { team } : {}) };
  const data = { task: task.id, title: task.title, type: task.type, ...(t.agent ? { agent: t.agent } : {}), ...(team ? { team } : {}) };
  const type = task.type.toLowerCase();
  const out: RaiseInput[] = [];
  const started = t.history.some((h) => h.status === 'running');
  if (started) out.push({ name: 'task_started', key: `task_started:${task.id}`, data, source });
  if (started && TEST_TYPES.has(type)) out.push({ name: 'testing_phase_started', key: 'testing_phase_started', data, source });
  if (t.verification && !t.verification.passed) {
    const failing = t.verification.checklist.filter((c) => c.passed === false).map((c) => c.item);
    out.push({ name: 'quality_gate_failed', key: `quality_gate_failed:${task.id}:${t.verification.attempt}`, data: { ...data, attempt: t.verification.attempt, failing }, source });
  }
  t.history.forEach((h, i) => {
    if (h.status === 'review') out.push({ name: 'review_request', key: `review_request:${task.id}:${i}`, data: { ...data, attempt: h.attempt }, source });
    const before = t.history[i - 1]?.status;
    if (before === 'review' && (h.status === 'done' || h.status === 'ready')) {
      out.push({ name: 'review_complete', key: `review_complete:${task.id}:${i}`, data: { ...data, approved: h.status === 'done' }, source });
      if (h.status === 'done') out.push({ name: 'release_approved', key: `release_approved:${task.id}:${i}`, data: { ...data, ...(t.approvedBy ? { by: t.approvedBy } : {}) }, source });
    }
  });
  if (t.status === 'done') {
    out.push({ name: 'task_completed', key: `task_completed:${task.id}`, data: { ...data, ...(t.summary ? { summary: t.summary } : {}) }, source });
    if (FEATURE_TYPES.has(type)) out.push({ name: 'feature_completed', key: `feature_completed:${task.id}`, data, source });
    if (t.created && FIX_TYPES.has(type)) out.push({ name: 'bug_fix_completed', key: `bug_fix_completed:${task.id}`, data: { ...data, ...(t.created.by.event ? { for: t.created.by.event } : {}) }, source });
    if (task.kind === 'sync') out.push({ name: 'sync_point_reached', key: `sync_point_reached:${task.id}`, data, source });
  }
  if (t.status === 'failed' && t.finishedAt) out.push({ name: 'task_failed', key: `task_failed:${task.id}:${t.attempts}`, data: { ...data, reason: t.reason ?? '' }, source });
  if (t.status === 'blocked') out.push({ name: 'task_blocked', key: `task_blocked:${task.id}:${t.history.length}`, data: { ...data, reason: t.reason ?? '' }, source });
  return out;
}
