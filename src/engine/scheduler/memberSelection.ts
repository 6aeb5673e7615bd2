import type { Task } from '../model/workspace';
import type { MemberCandidate } from './capacityTable';

/** What the selector knows about an agent from its recent attempts. */
export interface AgentStats {
  /** Attempts in the window (at most `window`). */
  finished: number;
  /** Failed attempts / attempts in the window; 0 without history. */
  failureRate: number;
  /** Mean duration of the successful attempts in the window, in minutes; undefined without any. */
  avgCompletionMinutes?: number;
}

/** The member picked for a task, with the seed 001 score that won. */
export interface MemberChoice {
  agent: string;
  team: string;
  score: number;
  /** Human-readable breakdown of the score, for the assignment's reason. */
  reason: string;
}

/** Options for {@link MemberSelector}. */
export interface MemberSelectorOptions {
  /** How many of an agent's latest attempts count for failure rate and speed (default 10). */
  window?: number;
}

/** How loaded a candidate is right now, or undefined when it (or its team) has no free slot. */
export type RoomOf = (candidate: MemberCandidate) => { load: number; capacity: number } | undefined;

interface Attempt {
  ok: boolean;
  durationMs: number | undefined;
}

/**
 * Picks the member for a team task with seed 001's load-balancer score:
 * `100 − load/capacity·30 + expertiseMatch·20 − recentFailureRate·25 + max(0, 10 − avgMinutes/60)`,
 * floored at 0 as the seed does. Keeps each agent's recent attempts; share one selector
 * between sprints to keep that history.
 */
export class MemberSelector {
  readonly #window: number;
  readonly #history = new Map<string, Attempt[]>();

  /** @throws RangeError unless `window` is an integer >= 1. */
  constructor(options: MemberSelectorOptions = {}) {
    const window = options.window ?? 10;
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`Expected \`window\` to be an integer >= 1, got \`${window}\``);
    this.#window = window;
  }

  /**
   * Records one finished attempt of `agent`. A failure counts towards the failure rate even
   * without a duration; only successes feed the speed average, since a crash after ten seconds
   * says nothing about how fast the agent finishes work.
   */
  recordCompletion(agent: string, durationMs: number | undefined, ok: boolean): void {
    const list = this.#history.get(agent) ?? [];
    list.push({ ok, durationMs: durationMs !== undefined && Number.isFinite(durationMs) && durationMs >= 0 ? durationMs : undefined });
    if (list.length > this.#window) list.shift();
    this.#history.set(agent, list);
  }

  /** Failure rate and average completion time over the agent's window. */
  statsOf(agent: string): AgentStats {
    const list = this.#history.get(agent) ?? [];
    let failed = 0;
    let total = 0;
    let timed = 0;
    for (const a of list) {
      if (!a.ok) failed++;
      else if (a.durationMs !== undefined) {
        total += a.durationMs;
        timed++;
      }
    }
    const stats: AgentStats = { finished: list.length, failureRate: list.length ? failed / list.length : 0 };
    if (timed > 0) stats.avgCompletionMinutes = total / timed / 60_000;
    return stats;
  }

  /**
   * Seed 001's score of `candidate` for `task` at the given load. An agent without successful
   * attempts gets no speed bonus: the bonus rewards a record, it is not a prior.
   */
  score(candidate: MemberCandidate, task: Task, load: number, capacity: number): number {
    const stats = this.statsOf(candidate.agent);
    const speed = stats.avgCompletionMinutes === undefined ? 0 : Math.max(0, 10 - stats.avgCompletionMinutes / 60);
    const raw = 100 - (load / capacity) * 30 + expertiseMatch(task, candidate) * 20 - stats.failureRate * 25 + speed;
    return Math.max(0, raw);
  }

  /** The best-scoring candidate with room; ties go to the earlier candidate (member order). */
  select(task: Task, candidates: readonly MemberCandidate[], roomOf: RoomOf): MemberChoice | undefined {
    let best: { candidate: MemberCandidate; score: number; load: number; capacity: number } | undefined;
    for (const candidate of candidates) {
      const room = roomOf(candidate);
      if (!room) continue;
      const score = this.score(candidate, task, room.load, room.capacity);
      if (!best || score > best.score) best = { candidate, score, ...room };
    }
    if (!best) return undefined;
    const { candidate, score, load, capacity } = best;
    const stats = this.statsOf(candidate.agent);
    const reason =
      `${candidate.agent} picked from team ${candidate.team} (score ${score.toFixed(1)}: load ${load}/${capacity}, ` +
      `match ${expertiseMatch(task, candidate).toFixed(2)}, failures ${Math.round(stats.failureRate * 100)}%)`;
    return { agent: candidate.agent, team: candidate.team, score, reason };
  }
}

/**
 * Fraction of the task's terms (type and labels) the candidate covers: a term matching one of
 * its specialties counts 1, one matching only the team's capabilities counts ½, since a
 * capability says the team can do it, not that this member is the one who does. The default
 * type `task` says nothing and is left out. 0 when the task has no terms.
 */
export function expertiseMatch(task: Pick<Task, 'type' | 'labels'>, candidate: Pick<MemberCandidate, 'specialties' | 'capabilities'>): number {
  const terms = new Set([task.type, ...task.labels].map(normalize).filter((t) => t !== '' && t !== 'task'));
  if (terms.size === 0) return 0;
  const specialties = candidate.specialties.map(normalize);
  const capabilities = candidate.capabilities.map(normalize);
  let credit = 0;
  for (const term of terms) {
    if (specialties.some((s) => looselyEqual(s, term))) credit += 1;
    else if (capabilities.some((c) => looselyEqual(c, term))) credit += 0.5;
  }
  return credit / terms.size;
}

function normalize(word: string): string {
  return word.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** `ui` matches `ui_component` and `frontend` matches `frontend_development`: one side's words contain the other's. */
function looselyEqual(a: string, b: string): boolean {
  if (a === b) return true;
  const wa = a.split('_');
  const wb = b.split('_');
  const [small, large] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  return small.every((w) => w !== '' && large.includes(w));
}
