import type { TaskGraph } from '../graph/taskGraph';
import type { TaskStates } from './taskStates';

/** A pending task the dispatch loop should mark now, and why. */
export interface Settlement {
  taskId: string;
  outcome: 'blocked' | 'skipped';
  /** The dependencies responsible: the broken ones for `blocked`, all of them for `skipped`; [] when nobody may be assigned. */
  upstream: string[];
  /** A sentence for the journal and the board, naming the upstream tasks. */
  reason: string;
}

/**
 * Turns the sealed tasks into settlements: blocked by upstream first, then skipped, then
 * unassignable, each group in input order so the journal reads the same on every run.
 */
export function describeSettlements(
  graph: TaskGraph,
  states: TaskStates,
  problems: readonly (string | undefined)[],
  unassignable: ReadonlySet<number>,
): Settlement[] {
  const { blocked, skipped } = states.sealed();
  const out: Settlement[] = [];
  for (const i of blocked) {
    const upstream = states.brokenDeps(i).map((d) => graph.idAt(d));
    const detail = states.brokenDeps(i).map((d) => `${graph.idAt(d)} ${pastTense(states.status(d))}`);
    const reason = upstream.length === 1 ? `upstream task ${detail[0]}` : `upstream tasks ${detail.join(', ')}`;
    out.push({ taskId: graph.idAt(i), outcome: 'blocked', upstream, reason });
  }
  for (const i of skipped) {
    const upstream = [...graph.dependenciesOf(graph.idAt(i))];
    out.push({ taskId: graph.idAt(i), outcome: 'skipped', upstream, reason: `every dependency was skipped (${upstream.join(', ')})` });
  }
  for (const i of [...unassignable].sort((a, b) => a - b)) {
    out.push({ taskId: graph.idAt(i), outcome: 'blocked', upstream: [], reason: problems[i] ?? 'nobody may be assigned' });
  }
  return out;
}

function pastTense(status: string): string {
  return status === 'blocked' ? 'is blocked' : status === 'cancelled' ? 'was cancelled' : status;
}
