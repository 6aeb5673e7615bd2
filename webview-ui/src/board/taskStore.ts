// The board's copy of the host's tasks: replaced by a snapshot, patched by deltas. Views read
// it; only the board app writes it.
import type { BoardMember, BoardSnapshot, BoardTask } from '../../../src/shared/boardTypes';

export class TaskStore {
  tasks = new Map<string, BoardTask>();
  /** File order of each task: cards keep it within a column. */
  order = new Map<string, number>();
  /** Direct dependants of each task. */
  dependants = new Map<string, string[]>();
  members: BoardMember[] = [];
  snapshot: BoardSnapshot | undefined;
  /** Host clock minus ours, for elapsed times. */
  skewMs = 0;

  reset(snapshot: BoardSnapshot): void {
    this.snapshot = snapshot;
    this.members = snapshot.members;
    this.tasks = new Map();
    this.order = new Map();
    this.dependants = new Map();
    snapshot.tasks.forEach((t, i) => {
      this.tasks.set(t.id, t);
      this.order.set(t.id, i);
    });
    for (const t of snapshot.tasks) {
      for (const d of t.dependencies) {
        const list = this.dependants.get(d);
        if (list) list.push(t.id);
        else this.dependants.set(d, [t.id]);
      }
    }
    this.setHostNow(snapshot.hostNow);
  }

  setHostNow(hostNow: string): void {
    const host = Date.parse(hostNow);
    if (Number.isFinite(host)) this.skewMs = host - Date.now();
  }

  /** Applies changed tasks; returns the previous version of each (undefined for new ones). */
  apply(changed: readonly BoardTask[]): (BoardTask | undefined)[] {
    return changed.map((t) => {
      const before = this.tasks.get(t.id);
      this.tasks.set(t.id, t);
      if (!this.order.has(t.id)) this.order.set(t.id, this.order.size);
      return before;
    });
  }

  /** Host time now, in ms. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  /**
   * The dependants that become ready once `id` finishes: every other dependency done (or
   * skipped), the dependant itself not done — the engine's `unblockedBy`, over the same data.
   */
  unblockedBy(id: string): string[] {
    const finished = (t: BoardTask | undefined) => t !== undefined && (t.status === 'done' || t.status === 'skipped');
    const out: string[] = [];
    for (const d of this.dependants.get(id) ?? []) {
      const dependant = this.tasks.get(d);
      if (!dependant || finished(dependant)) continue;
      if (dependant.dependencies.every((x) => x === id || finished(this.tasks.get(x)))) out.push(d);
    }
    return out;
  }
}
