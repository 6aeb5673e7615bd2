import type { CompiledTask } from '../patterns/compiledTask';
import { didYouMean } from './didYouMean';

/** Which compiled task first uses each id, which ones repeat an id, and suggestions for names that are no id. */
export class TaskIdTable {
  /** The suggestion for each unknown name looked up so far (against every id). */
  readonly #suggestions = new Map<string, string | undefined>();

  private constructor(
    readonly firstOf: Map<string, number>,
    /** Unique ids, in order. */
    readonly ids: string[],
    /** Indices of tasks whose id an earlier task already has. */
    readonly duplicates: readonly number[],
    readonly isDuplicate: ReadonlySet<number>,
  ) {}

  static of(compiled: readonly CompiledTask[]): TaskIdTable {
    const firstOf = new Map<string, number>();
    const duplicates: number[] = [];
    compiled.forEach((c, i) => {
      if (firstOf.has(c.task.id)) duplicates.push(i);
      else firstOf.set(c.task.id, i);
    });
    return new TaskIdTable(firstOf, [...firstOf.keys()], duplicates, new Set(duplicates));
  }

  /**
   * This table updated to `compiled`, which `previous` (this table's tasks) became by an edit:
   * unchanged when every id is where it was; updated in place when a few tasks were renamed to
   * ids no other task has (the table belongs to one memo, which drops the old tasks); undefined
   * otherwise (build it anew). With the ids whose meaning changed.
   */
  after(previous: readonly CompiledTask[], compiled: readonly CompiledTask[]): { table: TaskIdTable; renamed: ReadonlySet<string> } | undefined {
    if (previous.length !== compiled.length) return undefined;
    const renames: [number, string, string][] = [];
    for (let i = 0; i < compiled.length; i++) {
      const [was, is] = [previous[i]!, compiled[i]!];
      if (was === is || was.task.id === is.task.id) continue;
      if (renames.length === 8) return undefined;
      renames.push([i, was.task.id, is.task.id]);
    }
    if (renames.length === 0) return { table: this, renamed: new Set() };
    const renamed = new Set(renames.flatMap(([, from, to]) => [from, to]));
    // Only unique ids renamed to unused ones keep the duplicates as they were.
    if (renamed.size !== renames.length * 2) return undefined;
    if (this.duplicates.some((d) => renamed.has(previous[d]!.task.id))) return undefined;
    if (renames.some(([i, from, to]) => this.firstOf.get(from) !== i || this.firstOf.has(to))) return undefined;
    for (const [i, from, to] of renames) {
      this.firstOf.delete(from);
      this.firstOf.set(to, i);
      this.ids[this.ids.indexOf(from)] = to;
    }
    this.#suggestions.clear();
    return { table: this, renamed };
  }

  /** The id closest to an unknown `name`, other than `own` (see `didYouMean`). */
  suggest(name: string, own?: string): string | undefined {
    let best = this.#suggestions.get(name);
    if (!this.#suggestions.has(name)) {
      best = didYouMean(name, this.ids);
      this.#suggestions.set(name, best);
    }
    // Leaving out a candidate that was not chosen changes nothing: the choice is the first best.
    return best !== undefined && best === own ? didYouMean(name, this.ids.filter((i) => i !== own)) : best;
  }
}
