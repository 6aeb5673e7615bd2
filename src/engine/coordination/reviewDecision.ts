import type { Task, Workspace } from '../model/workspace';
import type { Actor, NewEvent } from '../state/events';
import type { AcceptedWork } from './acceptedWork';
import type { DeepReadonly, ReadonlyRunState, TaskRunState } from '../state/runState';
import { boundaryViolations, knownTaskFiles } from './boundaries';

/**
 * A person's decision on a task: at the review gate (approve, request changes), or a way out
 * of a task that went wrong — hand it to a chosen member, skip it, or accept its last
 * attempt's work as it is. Every one is journalled with who made it (`by`, and the person as
 * the events' `actor`).
 */
export type ReviewDecision = (
  | { kind: 'approve'; task: string; by?: string }
  | { kind: 'request-changes'; task: string; comment: string; by?: string }
  | { kind: 'reassign'; task: string; agent: string; by?: string }
  | { kind: 'skip'; task: string; by?: string }
  | { kind: 'accept'; task: string; by?: string }
) & {
  /** The person deciding, as their front knows them; journalled as the `actor` of every event the decision causes. */
  actor?: Actor;
};

/** The events a decision journals, or why it is refused (in words, for a person). */
export type DecisionResult = { events: NewEvent[]; accepted?: AcceptedWork } | { refused: string };

/** What the checks may consult besides the run. */
export interface DecisionContext {
  task?: Task;
  workspace?: Workspace;
  /** The workspace's folder inside the repository ('' or absent: the repository root). */
  subdir?: string;
  /** Tasks that (transitively) depend on the decided one, to reopen when it stops blocking them. */
  dependants?: readonly string[];
}

type RunTask = DeepReadonly<TaskRunState>;
/** Who made a decision, as its events carry it: the name given (`by`) and the person as actor. */
type Who = { by?: string; actor: Actor };

/** Statuses a person may hand to another member, skip or accept: nothing is running. */
const STOPPED = new Set(['planning', 'ready', 'failed', 'blocked', 'cancelled', 'review']);
/** Statuses after which the task takes no more attempts unless reopened. */
const ENDED = new Set(['failed', 'blocked', 'cancelled']);

/**
 * Checks a decision against the run as it stands and turns it into events. The same check
 * serves the live loop, the CLI on an idle run and the extension, so they cannot disagree:
 * - approve and request changes only a task in `review` (changes need a comment, which goes
 *   into the next prompt);
 * - reassign a task that is not running and not finished, to an agent that exists, belongs to
 *   the task's team (if it has one), and whose `owns` / `forbidden` allow every file the task
 *   is known to touch — checked now, before an attempt, not after it; a failed, blocked or
 *   cancelled task reopens (with the dependants it blocked) on the new member;
 * - skip a task that is not running and not finished; the dependants it blocked reopen and run
 *   if another dependency of theirs is done (the scheduler's rule for skipped work);
 * - accept an attempt's work as it is: a failed, blocked, cancelled or ready task that has a
 *   commit of its own (the last failed attempt's, else its last handoff's) becomes done there.
 */
export function decide(state: ReadonlyRunState, decision: ReviewDecision, context: DecisionContext = {}): DecisionResult {
  const t = state.tasks.get(decision.task);
  if (!t) return { refused: `The current run has no task \`${decision.task}\`.` };
  const by = decision.by?.trim() ? { by: decision.by.trim() } : {};
  // Only people decide: without an identity from the front, the name given (or "unknown") stands.
  const actor: Actor = decision.actor ?? { kind: 'person', name: decision.by?.trim() || 'unknown', via: 'unknown' };
  const who: Who = { ...by, actor };
  switch (decision.kind) {
    case 'approve':
      if (t.status !== 'review') return { refused: `Task ${t.id} is ${t.status}, not waiting for review.` };
      return { events: [{ type: 'task:approved', task: t.id, ...by, actor }] };
    case 'request-changes': {
      if (t.status !== 'review') return { refused: `Task ${t.id} is ${t.status}, not waiting for review.` };
      const comment = decision.comment.trim();
      if (!comment) return { refused: 'Say what to change: the comment goes into the agent\'s next prompt.' };
      return { events: [{ type: 'task:changes-requested', task: t.id, comment, ...by, actor }] };
    }
    case 'reassign':
      return reassign(state, t, decision.agent, who, context);
    case 'skip': {
      if (!STOPPED.has(t.status)) return { refused: `Task ${t.id} is ${t.status}; only a task that is not running or finished can be skipped.` };
      return { events: [{ type: 'task:skipped', task: t.id, reason: `skipped by ${nameOf(who)}`, ...who }, ...reopenBlocked(state, context, actor)] };
    }
    case 'accept':
      return accept(state, t, who, context);
  }
}

function reassign(state: ReadonlyRunState, t: RunTask, agent: string, who: Who, context: DecisionContext): DecisionResult {
  if (!STOPPED.has(t.status)) return { refused: `Task ${t.id} is ${t.status}; only a task that is not running or finished can be handed to another member.` };
  const { workspace, task } = context;
  const chosen = workspace?.agents.get(agent);
  if (workspace && !chosen) return { refused: `There is no agent \`${agent}\`.` };
  const team = task?.team ? workspace?.teams.get(task.team) : undefined;
  if (team && !team.members.some((m) => m.agent === agent)) return { refused: `${agent} is not a member of team ${team.id}, which task ${t.id} belongs to.` };
  if (chosen) {
    const files = knownTaskFiles(task, t, context.subdir ?? '');
    const violations = boundaryViolations(chosen, files, '');
    if (violations.length) {
      return { refused: `${agent} may not change ${violations.map((v) => `${v.path} (${v.rule})`).join(', ')}, which task ${t.id} ${t.handoff ? 'changed' : 'is to deliver'}: choose a member whose boundaries allow them.` };
    }
  }
  const events: NewEvent[] = [{ type: 'task:reassigned', task: t.id, agent, ...who }];
  // A task that stopped (or waits for review) goes back to the pool on its new member.
  if (ENDED.has(t.status) || t.status === 'review') events.push({ type: 'task:ready', task: t.id, actor: who.actor }, ...reopenBlocked(state, context, who.actor));
  return { events };
}

function accept(state: ReadonlyRunState, t: RunTask, who: Who, context: DecisionContext): DecisionResult {
  if (t.status === 'review') return { refused: `Task ${t.id} waits for review: approve it instead.` };
  if (!ENDED.has(t.status) && t.status !== 'ready') return { refused: `Task ${t.id} is ${t.status}; only a failed, blocked, cancelled or waiting task can be accepted as it is.` };
  const commit = t.failedCommit ?? t.handoff?.commit;
  if (!commit) return { refused: `No attempt at ${t.id} left work of its own to accept; skip it instead, or hand it to another member.` };
  const reason = `accepted as it is by ${nameOf(who)}`;
  return {
    events: [{ type: 'task:accepted', task: t.id, commit, reason, ...who }, ...reopenBlocked(state, context, who.actor)],
    accepted: { commit, ...(t.worktree ? { worktree: t.worktree } : {}), ...(t.branch ? { branch: t.branch } : {}) },
  };
}

/** The blocked dependants of the task, back to ready (the person's doing): what blocked them is being dealt with. */
function reopenBlocked(state: ReadonlyRunState, context: DecisionContext, actor: Actor): NewEvent[] {
  return (context.dependants ?? []).filter((id) => state.tasks.get(id)?.status === 'blocked').map((task) => ({ type: 'task:ready' as const, task, actor }));
}

/** The name a reason gives the person: who their front knows them as, else the name given. */
function nameOf(who: Who): string {
  if (who.actor.kind === 'person' && who.actor.name !== 'unknown') return who.actor.name;
  return who.by ?? 'a person';
}
