/**
 * Which card moves a person may make, decided from the engine's run state before anything is
 * asked of the engine. Pure: the board controller feeds it the task's live state and what the
 * window can do, and turns a refusal into the sentence the card shows as it snaps back.
 */
import type { BoardMember, BoardTaskStatus, TaskMove } from '../../shared/boardTypes';

/** What a move is checked against. */
export interface MoveContext {
  taskId: string;
  status: BoardTaskStatus;
  attempts: number;
  agent?: string;
  team?: string;
  /** The board's sprint is the current run's and the run takes work (active or paused). */
  sprintRunning: boolean;
  runningHere: boolean;
  trusted: boolean;
  members: readonly BoardMember[];
  /** The engine's own check of a reassignment (team, boundaries): the refusal, or undefined. */
  checkReassign?: (agent: string) => string | undefined;
}

export type MoveVerdict = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): MoveVerdict => ({ ok: false, reason });
const OK: MoveVerdict = { ok: true };

const CANCELLABLE: ReadonlySet<BoardTaskStatus> = new Set(['planning', 'ready', 'running']);
const RETRYABLE: ReadonlySet<BoardTaskStatus> = new Set(['failed', 'blocked', 'cancelled']);
const REASSIGNABLE: ReadonlySet<BoardTaskStatus> = new Set(['planning', 'ready', 'failed', 'blocked', 'cancelled', 'review']);

/** Whether `move` may be made now, and if not, why. */
export function validateMove(move: TaskMove, ctx: MoveContext): MoveVerdict {
  switch (move.kind) {
    case 'cancel':
      if (!CANCELLABLE.has(ctx.status)) return refuse(`${ctx.taskId} is ${ctx.status}: only planned, ready or running tasks can be cancelled.`);
      if (!ctx.sprintRunning) return refuse('This sprint is not running: there is nothing to cancel.');
      if (!ctx.runningHere) return refuse('Only a run started in this window can cancel single tasks; cancel the run instead.');
      return OK;
    case 'approve':
    case 'requestChanges':
      if (ctx.status !== 'review') return refuse(`${ctx.taskId} is ${ctx.status}: only a task in review can be approved or sent back.`);
      if (move.kind === 'requestChanges' && move.comment.trim() === '') return refuse('Say what to change: the comment goes into the agent\'s next prompt.');
      if (!ctx.trusted) return refuse('Decisions on tasks need a trusted workspace (Restricted Mode).');
      return OK;
    case 'retry':
      if (!RETRYABLE.has(ctx.status)) return refuse(`${ctx.taskId} is ${ctx.status}: only failed, blocked or cancelled tasks can be retried.`);
      if (!ctx.trusted) return refuse('Retrying starts agents, which Restricted Mode does not allow.');
      return OK;
    case 'reassign':
      return validateReassign(move.agent, ctx);
  }
}

function validateReassign(agent: string, ctx: MoveContext): MoveVerdict {
  if (agent === ctx.agent) return refuse(`${ctx.taskId} is already ${agent}'s.`);
  if (!REASSIGNABLE.has(ctx.status)) return refuse(`${ctx.taskId} is ${ctx.status}: only a task that is not running or finished can be handed to another member.`);
  const teams = ctx.team !== undefined
    ? [ctx.team]
    : ctx.members.filter((m) => m.agent === ctx.agent).map((m) => m.team);
  const eligible = teams.length > 0 ? ctx.members.filter((m) => teams.includes(m.team)) : ctx.members;
  if (!eligible.some((m) => m.agent === agent)) {
    const where = teams.length > 0 ? `team ${teams.join(' or ')}` : 'the sprint\'s teams';
    return refuse(`${agent} is not a member of ${where}.`);
  }
  if (!ctx.trusted) return refuse('Decisions on tasks need a trusted workspace (Restricted Mode).');
  const refused = ctx.checkReassign?.(agent);
  return refused ? refuse(refused) : OK;
}
