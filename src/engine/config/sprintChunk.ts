import { parseDocument } from 'yaml';
import { task as taskSchema } from '../model/sprintSchema';
import { scanSeqItem } from './fastYaml';
import { sameNestingState, scanNesting, type NestingState } from './nestingGuard';
import { precheckOf } from './schemaPrecheck';
import type { Issue } from './schemaIssues';
import { lineStartsIn, type ChunkLines } from './sprintLines';
import { indexYamlNode, summarize, type IndexNode, type LazyItem, type StitchedIndex } from './yamlIndex';

export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/**
 * One task item of a big sprint, parsed on its own. Position-independent — it knows its text,
 * never where that text sits — so it survives edits elsewhere in the file; everything derived
 * from the text alone is computed on first need and kept here.
 */
export class SprintChunk implements LazyItem, ChunkLines {
  readonly lineCount: number;
  #lineStarts: number[] | undefined;
  #issues: readonly Issue[] | undefined;
  #nesting: { from: NestingState; to: NestingState; found: boolean } | undefined;

  private constructor(
    /** The chunk's text, detached from the file text it came from. */
    readonly key: string,
    readonly value: unknown,
    /** End of the one-item sequence, relative to the chunk. */
    readonly seqEnd: number,
    readonly summary: LazyItem['summary'],
    readonly node: () => IndexNode,
  ) {
    let count = 1;
    for (let i = key.indexOf('\n'); i >= 0 && i + 1 < key.length; i = key.indexOf('\n', i + 1)) count++;
    this.lineCount = count;
  }

  /**
   * The fast scanner, or the `yaml` package when the scanner gives up; undefined when the
   * item does not parse on its own. Only the item's summary is kept; its full index is rebuilt
   * from the text when a path goes into it (a diagnostic inside the task, navigation), so
   * 10,000 tasks do not keep 10,000 indexes alive.
   */
  static parse(text: string): SprintChunk | undefined {
    const scanned = scanSeqItem(text);
    if (scanned) {
      const summary = summarize(scanned.node as Exclude<IndexNode, StitchedIndex>);
      let node: IndexNode | undefined;
      return new SprintChunk(text, scanned.value, scanned.seqEnd, summary, () => (node ??= scanSeqItem(text)!.node));
    }
    const doc = parseDocument(text, YAML_OPTIONS);
    if (doc.errors.length > 0) return undefined;
    const seq = indexYamlNode(doc.contents);
    if (seq?.kind !== 'seq' || seq.items.length !== 1) return undefined;
    let value: unknown;
    try {
      value = (doc.toJS({ maxAliasCount: 100 }) as unknown[])[0];
    } catch {
      return undefined;
    }
    const item = seq.items[0]!;
    return new SprintChunk(text, value, seq.end, summarize(item as Exclude<IndexNode, StitchedIndex>), () => item);
  }

  lineStarts(): readonly number[] {
    return (this.#lineStarts ??= lineStartsIn(this.key));
  }

  /** The task schema's issues with the item on its own. */
  issues(): readonly Issue[] {
    return (this.#issues ??= issuesOf(this.value));
  }

  /**
   * Continues the nesting guard's scan of the whole text through this chunk: moves `state` to
   * where the chunk ends and says whether nesting passed the limit inside it. A chunk entered
   * in the same state as last time is not scanned again.
   */
  scanNesting(state: NestingState): boolean {
    const last = this.#nesting;
    if (last && sameNestingState(last.from, state)) {
      Object.assign(state, last.to);
      return last.found;
    }
    const from = { ...state };
    const found = scanNesting(this.key, state) >= 0;
    this.#nesting = { from, to: { ...state }, found };
    return found;
  }
}

const taskPrecheck = precheckOf(taskSchema);

function issuesOf(value: unknown): readonly Issue[] {
  if (taskPrecheck(value)) return [];
  const result = taskSchema.safeParse(value, { reportInput: true });
  return result.success ? [] : result.error.issues;
}

/**
 * A copy that does not share memory with `text`'s parent: V8 keeps a substring as a view of the
 * whole string, so a cached task would otherwise pin every old version of a 2 MB file.
 */
export function detach(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
