import type { Task, Workspace } from '../model/workspace';
import type { Actor, NewEvent } from '../state/events';
import type { ReadonlyRunState } from '../state/runState';

/** A person's decision on a task: at the review gate, or moving a task before it starts. */
export type ReviewDecision = (
  | { kind: 'approve'; task: string; by?: string }
  | { kind: 'request-changes'; task: string; comment: string; by?: string }
  | { kind: 'reassign'; task: string; agent: string; by?: string }
) & {
  /** The person deciding, as their front knows them; journalled as the events' `actor`. */
  actor?: Actor;
};

/** The events a decision journals, or why it is refused (in words, for a person). */
export type DecisionResult = { events: NewEvent[] } | { refused: string };

/**
 * Checks a decision against the run as it stands and turns it into events. The same check
 * serves the live loop, the CLI on an idle run and the extension, so they cannot disagree:
 * approve and request changes only a task in `review` (changes need a comment, which goes into
 * the next prompt); reassign only a task that has not started, to an agent that exists and,
 * for a team task, belongs to that team.
 */
export function decide(state: ReadonlyRunState, decision: ReviewDecision, context: { task?: Task; workspace?: Workspace } = {}): DecisionResult {
  const t = state.tasks.get(decision.task);
  if (!t) return { refused: `The current run has no task \`${decision.task}\`.` };
  const by = decision.by?.trim() ? { by: decision.by.trim() } : {};
  // Only people decide: without an identity from the front, the name given (or "unknown") stands.
  const actor: Actor = decision.actor ?? { kind: 'person', name: decision.by?.trim() || 'unknown', via: 'unknown' };
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
    case 'reassign': {
      if (t.status !== 'planning' && t.status !== 'ready') return { refused: `Task ${t.id} is ${t.status}; only a task that has not started can be reassigned.` };
      const { workspace, task } = context;
      if (workspace && !workspace.agents.has(decision.agent)) return { refused: `There is no agent \`${decision.agent}\`.` };
      const team = task?.team ? workspace?.teams.get(task.team) : undefined;
      if (team && !team.members.some((m) => m.agent === decision.agent)) return { refused: `${decision.agent} is not a member of team ${team.id}, which task ${t.id} belongs to.` };
      return { events: [{ type: 'task:reassigned', task: t.id, agent: decision.agent, ...by, actor }] };
    }
  }
}
