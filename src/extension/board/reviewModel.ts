/**
 * Engine → review panel, pure. The handoff package (summary, notes, known issues, artifacts,
 * acceptance criteria, checklist results, diff stat) arrives with the `task:review-requested`
 * event and the task's run state; its exact shape belongs to the coordination work, so every
 * field is read defensively, under the names listed in {@link readHandoff}.
 */
import type { Task } from '../../engine/model/workspace';
import type { EngineEvent } from '../../engine/state/events';
import type { ReadonlyRunState } from '../../engine/state/runState';
import type { ActionState, ReviewChecklistItem, ReviewFile, ReviewSnapshot } from '../../shared/boardTypes';
import { boardStatusOf } from './boardModel';
import type { TaskActionId } from '../../shared/taskActions';

type RunTask = ReadonlyRunState['tasks'] extends ReadonlyMap<string, infer V> ? V : never;

/** The handoff package as far as it could be read. */
export interface Handoff {
  summary?: string;
  notes: string[];
  knownIssues: string[];
  artifacts: string[];
  acceptanceCriteria: string[];
  checklist: ReviewChecklistItem[];
  diffStat?: { files: ReviewFile[]; insertions: number; deletions: number };
}

type Bag = Record<string, unknown>;
const bag = (v: unknown): Bag | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Bag) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const texts = (v: unknown): string[] | undefined => {
  if (typeof v === 'string') return v.trim() ? [v] : [];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : undefined;
};
const first = <T>(sources: Bag[], read: (b: Bag) => T | undefined): T | undefined => {
  for (const s of sources) {
    const v = read(s);
    if (v !== undefined) return v;
  }
  return undefined;
};

/**
 * Reads the package from, in order of precedence: the review event's `handoff` (or `package`)
 * object, the review event itself, the task state's `handoff` object, the task state itself.
 * Names: `summary`; `notes`; `knownIssues` / `known_issues`; `artifacts`;
 * `acceptanceCriteria` / `acceptance_criteria`; `checklist` / `checklistResults` — items
 * `{ item, verify?, passed?, output? }`; `diffStat` / `diff` — `{ files, insertions, deletions }`.
 */
export function readHandoff(reviewEvent: unknown, state: unknown): Handoff {
  const e = bag(reviewEvent);
  const s = bag(state);
  const sources = [bag(e?.handoff) ?? bag(e?.package), e, bag(s?.handoff) ?? bag(s?.package), s].filter((b): b is Bag => b !== undefined);
  const out: Handoff = {
    notes: first(sources, (b) => texts(b.notes)) ?? [],
    knownIssues: first(sources, (b) => texts(b.knownIssues ?? b.known_issues)) ?? [],
    artifacts: first(sources, (b) => texts(b.artifacts)) ?? [],
    acceptanceCriteria: first(sources, (b) => texts(b.acceptanceCriteria ?? b.acceptance_criteria)) ?? [],
    checklist: first(sources, (b) => checklistOf(b.checklist ?? b.checklistResults)) ?? [],
  };
  const summary = first(sources, (b) => text(b.summary));
  if (summary !== undefined) out.summary = summary;
  const diff = first(sources, (b) => diffOf(b.diffStat ?? b.diff));
  if (diff) out.diffStat = diff;
  return out;
}

function checklistOf(v: unknown): ReviewChecklistItem[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ReviewChecklistItem[] = [];
  for (const raw of v) {
    if (typeof raw === 'string') {
      out.push({ item: raw });
      continue;
    }
    const b = bag(raw);
    const item = text(b?.item) ?? text(b?.name);
    if (!b || item === undefined) continue;
    const entry: ReviewChecklistItem = { item };
    const verify = typeof b.verify === 'string' ? [b.verify] : texts(b.verify);
    if (verify && verify.length) entry.verify = verify;
    if (typeof b.passed === 'boolean') entry.passed = b.passed;
    const output = typeof b.output === 'string' ? b.output : undefined;
    if (output) entry.output = output.length > 20_000 ? `${output.slice(0, 20_000)}\n…` : output;
    out.push(entry);
  }
  return out;
}

const STATUSES = new Set(['A', 'M', 'D', 'R']);

/** A diff stat as `WorktreeManager.diffStat` returns it (or anything shaped like it). */
export function diffOf(v: unknown): Handoff['diffStat'] | undefined {
  const b = bag(v);
  if (!b || !Array.isArray(b.files)) return undefined;
  const files: ReviewFile[] = [];
  for (const raw of b.files) {
    const f = bag(raw);
    const path = text(f?.path);
    if (!f || path === undefined) continue;
    const file: ReviewFile = {
      path, status: STATUSES.has(f.status as string) ? (f.status as ReviewFile['status']) : 'M',
      insertions: Number(f.insertions) || 0, deletions: Number(f.deletions) || 0,
    };
    const oldPath = text(f.oldPath);
    if (oldPath !== undefined) file.oldPath = oldPath;
    files.push(file);
  }
  const sum = (k: 'insertions' | 'deletions') => (typeof b[k] === 'number' ? (b[k] as number) : files.reduce((s, f) => s + f[k], 0));
  return { files, insertions: sum('insertions'), deletions: sum('deletions') };
}

/** What the journal says about one task's review: its base, the last request, earlier comments. */
export interface ReviewHistory {
  /** The commit the task's first attempt started from: its changes are the diff against it. */
  baseCommit?: string;
  reviewEvent?: EngineEvent;
  comments: string[];
}

export function reviewHistory(events: readonly EngineEvent[], taskId: string): ReviewHistory {
  const out: ReviewHistory = { comments: [] };
  for (const e of events) {
    if (!('task' in e) || e.task !== taskId) continue;
    if (e.type === 'task:started' && out.baseCommit === undefined) out.baseCommit = e.checkpoint;
    else if (e.type === 'task:review-requested') out.reviewEvent = e;
    else if (e.type === 'task:changes-requested') out.comments.push(e.comment);
  }
  return out;
}

export interface ReviewInput {
  task: Task;
  state: RunTask | undefined;
  handoff: Handoff;
  files: { files: ReviewFile[]; insertions: number; deletions: number } | { problem: string };
  baseCommit: string | undefined;
  comments: string[];
  sprint?: string;
  approve: ActionState;
  requestChanges: ActionState;
  actions: TaskActionId[];
  members: ReviewSnapshot['members'];
  queue: string[];
}

export function reviewSnapshot(input: ReviewInput): ReviewSnapshot {
  const { task, state, handoff } = input;
  const out: ReviewSnapshot = {
    task: {
      id: task.id, title: task.title || task.id, description: task.description, status: boardStatusOf(state?.status ?? 'planning'),
      attempts: state?.attempts ?? 0, file: task.location.file, line: task.location.range.line,
    },
    notes: handoff.notes,
    knownIssues: handoff.knownIssues,
    artifacts: handoff.artifacts.length ? handoff.artifacts : [...(state?.artifacts ?? [])],
    acceptanceCriteria: handoff.acceptanceCriteria.length ? handoff.acceptanceCriteria : task.acceptanceCriteria,
    checklist: handoff.checklist.length ? handoff.checklist : task.checklist.map((c) => ({ item: c.item, ...(c.verify ? { verify: c.verify } : {}) })),
    files: 'problem' in input.files ? [] : input.files.files,
    insertions: 'problem' in input.files ? 0 : input.files.insertions,
    deletions: 'problem' in input.files ? 0 : input.files.deletions,
    previousComments: input.comments,
    approve: input.approve,
    requestChanges: input.requestChanges,
    actions: input.actions,
    members: input.members,
    queue: input.queue,
  };
  const outcome = reviewOutcome(state);
  if (outcome !== undefined) out.outcome = outcome;
  const agent = state?.agent ?? task.assignee;
  if (agent !== undefined) out.task.agent = agent;
  const team = state?.team ?? task.team;
  if (team !== undefined) out.task.team = team;
  const summary = handoff.summary ?? state?.summary;
  if (summary !== undefined) out.summary = summary;
  if ('problem' in input.files) out.filesProblem = input.files.problem;
  if (input.baseCommit !== undefined) out.baseCommit = input.baseCommit;
  if (input.sprint !== undefined) out.sprint = input.sprint;
  return out;
}

/** Approve / request changes: enabled only for a task in review, in a trusted window. */
export function reviewActions(status: string | undefined, trusted: boolean): { approve: ActionState; requestChanges: ActionState } {
  const state = (): ActionState => {
    if (status !== 'review') return { enabled: false };
    if (!trusted) return { enabled: false, reason: 'Decisions on tasks need a trusted workspace (Restricted Mode).' };
    return { enabled: true };
  };
  return { approve: state(), requestChanges: state() };
}

/**
 * What became of a task that no longer waits for review, in one sentence for the panel's
 * banner: "Approved by VS Code", "Sent back for changes — attempt 3 is running", "Skipped".
 * Undefined while it waits (the decision form shows instead).
 */
export function reviewOutcome(state: RunTask | undefined): string | undefined {
  if (!state) return 'This task has not run in the current run.';
  switch (state.status) {
    case 'review':
      return undefined;
    case 'done':
      if (state.approvedBy !== undefined) return `Approved by ${state.approvedBy}.`;
      if (state.acceptedBy !== undefined) return `Accepted as it is by ${state.acceptedBy}.`;
      return 'Done.';
    case 'ready':
    case 'running':
      if (state.reviewComment !== undefined) return `Sent back for changes — ${state.status === 'running' ? `attempt ${state.attempts} is running` : 'its next attempt is queued'}${state.reassignedTo ? ` on ${state.reassignedTo}` : ''}.`;
      if (state.reassignedTo !== undefined) return `Handed to ${state.reassignedTo} — ${state.status === 'running' ? `attempt ${state.attempts} is running` : 'its next attempt is queued'}.`;
      return state.status === 'running' ? `Running (attempt ${state.attempts}).` : 'Waiting to run.';
    case 'skipped':
      return `Skipped${state.reason ? `: ${state.reason}` : ''}.`;
    default:
      return `${state.status.charAt(0).toUpperCase()}${state.status.slice(1)}${state.reason ? `: ${state.reason}` : ''}.`;
  }
}

/** The run's tasks waiting for review, in the order they started waiting: the review queue. */
export function reviewQueue(run: ReadonlyRunState): string[] {
  const waiting = [...run.tasks.values()].filter((t) => t.status === 'review');
  const since = (t: (typeof waiting)[number]) => t.history[t.history.length - 1]?.at ?? '';
  return waiting.sort((a, b) => since(a).localeCompare(since(b))).map((t) => t.id);
}
