import { parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../model/diagnostic';
import { sprintFileSchema, task as taskSchema } from '../model/sprintSchema';
import { ChunkedSource } from './chunkedSource';
import type { ParsedConfigFile } from './configFile';
import { scanSeqItem } from './fastYaml';
import { precheckOf } from './schemaPrecheck';
import { excessiveNestingAt } from './nestingGuard';
import { issueDiagnostics, type Issue } from './schemaIssues';
import { layoutTasks, type TaskLayout } from './taskLayout';
import { indexYamlNode, summarize, type IndexNode, type LazyItem, type MapIndex, type StitchedIndex } from './yamlIndex';

/** One parsed task item, position-independent so it survives edits elsewhere in the file. */
interface ChunkEntry extends LazyItem {
  /** The chunk's text, detached from the file text it came from (it is the cache key). */
  key: string;
  value: unknown;
  /** End of the one-item sequence, relative to the chunk. */
  seqEnd: number;
  /** The task schema's issues, computed on first need. */
  issues?: readonly Issue[];
}

/** The file without its task lines, parsed once per distinct text. */
interface SkeletonEntry extends SkeletonIndex {
  text: string;
  /** Kept (it is small) to re-index when only the tasks' length changed. */
  doc: Document.Parsed;
  data: Record<string, unknown>;
  issues: readonly Issue[];
  root: MapIndex;
  sprint: MapIndex;
}

interface SkeletonIndex {
  /** Length of the task lines cut out when the offsets were shifted. */
  removed: number;
  root?: MapIndex;
  sprint?: MapIndex;
}

const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/**
 * Parses big sprint files one task at a time and remembers every task by its text, so an edit
 * re-parses only the task it touches. Keep one cache per file; it holds only the chunks of the
 * latest text, so memory stays bounded however long the editing session.
 */
export class SprintChunkCache {
  #chunks = new Map<string, ChunkEntry>();
  #skeleton: (Omit<SkeletonEntry, 'root' | 'sprint'> & SkeletonIndex) | undefined;

  /**
   * The same {@link ParsedConfigFile} as `parseConfigFile('sprint', file, text)`, or undefined
   * when the text is not in the plain shape chunking needs (the caller then parses it whole).
   */
  parse(file: string, text: string): ParsedConfigFile | undefined {
    if (excessiveNestingAt(text) >= 0) return undefined;
    const layout = layoutTasks(text);
    if (!layout) return undefined;
    const skeleton = this.#parseSkeleton(text, layout);
    if (!skeleton) return undefined;
    const chunks = this.#parseChunks(text, layout);
    if (!chunks) return undefined;
    const bases = layout.itemStarts;
    const last = chunks.length - 1;
    const tasks: StitchedIndex = {
      kind: 'stitched',
      start: layout.regionStart + layout.dashColumn,
      end: bases[last]! + chunks[last]!.seqEnd,
      items: chunks,
      bases,
    };
    const root = stitch(skeleton, tasks);
    const body = skeleton.data.sprint as Record<string, unknown>;
    const data = { ...skeleton.data, sprint: { ...body, tasks: chunks.map((c) => c.value) } };
    const source = new ChunkedSource(file, text, data, root, lineStartsOf(text));
    const diagnostics: Diagnostic[] = issueDiagnostics(source, sprintFileSchema, skeleton.issues, []);
    chunks.forEach((chunk, i) => {
      chunk.issues ??= issuesOf(chunk.value);
      if (chunk.issues.length) diagnostics.push(...issueDiagnostics(source, sprintFileSchema, chunk.issues, ['sprint', 'tasks', i]));
    });
    return { kind: 'sprint', file, text, source, diagnostics };
  }

  #parseSkeleton(text: string, layout: TaskLayout): SkeletonEntry | undefined {
    const head = text.slice(0, layout.regionStart);
    const skeletonText = head + text.slice(layout.regionEnd);
    const removed = layout.regionEnd - layout.regionStart;
    const cached = this.#skeleton;
    if (cached?.text === skeletonText) {
      // Same head and tail, but the tasks may have grown: the tail's offsets move with them.
      if (cached.removed !== removed) Object.assign(cached, indexSkeleton(cached.doc, layout, removed));
      return cached.root ? (cached as SkeletonEntry) : undefined;
    }
    // Directives (`%YAML 1.1`) would change how every chunk reads; leave those files whole.
    if (/^%/m.test(head)) return undefined;
    const doc = parseDocument(skeletonText, YAML_OPTIONS);
    if (doc.errors.length > 0) return undefined;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch {
      return undefined;
    }
    const body = (data as { sprint?: Record<string, unknown> } | null)?.sprint;
    if (typeof body !== 'object' || body === null || body.tasks !== null) return undefined;
    const checked = sprintFileSchema.safeParse({ ...(data as object), sprint: { ...body, tasks: [] } }, { reportInput: true });
    const entry = { text: detach(skeletonText), doc, data: data as Record<string, unknown>, issues: checked.success ? [] : checked.error.issues, ...indexSkeleton(doc, layout, removed) };
    this.#skeleton = entry;
    return entry.root ? (entry as SkeletonEntry) : undefined;
  }

  /** Every task chunk, from the cache or parsed now; undefined if any has a syntax error. */
  #parseChunks(text: string, layout: TaskLayout): ChunkEntry[] | undefined {
    const next = new Map<string, ChunkEntry>();
    const starts = layout.itemStarts;
    const out: (ChunkEntry | undefined)[] = new Array(starts.length);
    const missing: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      const entry = this.#chunks.get(text.slice(starts[i]!, starts[i + 1] ?? layout.regionEnd));
      if (entry) {
        out[i] = entry;
        next.set(entry.key, entry);
      } else {
        missing.push(i);
      }
    }
    // Many new tasks (a cold open, a paste): one detached copy of the region serves them all.
    const bulk = missing.length > 64 ? detach(text.slice(layout.regionStart, layout.regionEnd)) : undefined;
    for (const i of missing) {
      const [from, to] = [starts[i]!, starts[i + 1] ?? layout.regionEnd];
      const own = bulk !== undefined ? bulk.slice(from - layout.regionStart, to - layout.regionStart) : detach(text.slice(from, to));
      const entry = next.get(own) ?? parseChunk(own);
      if (!entry) return undefined;
      out[i] = entry;
      next.set(entry.key, entry);
    }
    this.#chunks = next;
    return out as ChunkEntry[];
  }
}

/**
 * The skeleton's index in file offsets (the tail moved by the cut-out task lines); no root when
 * `sprint.tasks` is not where the layout found it.
 */
function indexSkeleton(doc: Document.Parsed, layout: TaskLayout, removed: number): SkeletonIndex {
  const root = indexYamlNode(doc.contents, (o) => (o >= layout.regionStart ? o + removed : o));
  const sprint = root?.kind === 'map' ? root.pairs.get('sprint')?.value : undefined;
  const tasksPair = sprint?.kind === 'map' ? sprint.pairs.get('tasks') : undefined;
  const empty = tasksPair?.value?.kind === 'scalar' && tasksPair.value.start === tasksPair.value.end;
  if (root?.kind !== 'map' || sprint?.kind !== 'map' || !tasksPair || tasksPair.keyStart !== layout.keyOffset || !empty) return { removed };
  return { removed, root, sprint };
}

/**
 * One task item: the fast scanner, or the `yaml` package when the scanner gives up. Only the
 * item's summary is kept; its full index is rebuilt from the text when a path goes into it (a
 * diagnostic inside the task, navigation), so 10,000 tasks do not keep 10,000 indexes alive.
 */
function parseChunk(text: string): ChunkEntry | undefined {
  const scanned = scanSeqItem(text);
  if (scanned) {
    const summary = summarize(scanned.node as Exclude<IndexNode, StitchedIndex>);
    let node: IndexNode | undefined;
    return { key: text, value: scanned.value, seqEnd: scanned.seqEnd, summary, node: () => (node ??= scanSeqItem(text)!.node) };
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
  return { key: text, value, seqEnd: seq.end, summary: summarize(item as Exclude<IndexNode, StitchedIndex>), node: () => item };
}

const taskPrecheck = precheckOf(taskSchema);

function issuesOf(value: unknown): readonly Issue[] {
  if (taskPrecheck(value)) return [];
  const result = taskSchema.safeParse(value, { reportInput: true });
  return result.success ? [] : result.error.issues;
}

/** Copies of the root and `sprint` maps with the stitched `tasks` sequence in place of the skeleton's null. */
function stitch(skeleton: SkeletonEntry, tasks: StitchedIndex): MapIndex {
  const sprintPairs = new Map(skeleton.sprint.pairs);
  sprintPairs.set('tasks', { ...sprintPairs.get('tasks')!, value: tasks });
  const sprint: MapIndex = { ...skeleton.sprint, end: Math.max(skeleton.sprint.end, tasks.end), pairs: sprintPairs };
  const rootPairs = new Map(skeleton.root.pairs);
  rootPairs.set('sprint', { ...rootPairs.get('sprint')!, value: sprint });
  return { ...skeleton.root, end: Math.max(skeleton.root.end, sprint.end), pairs: rootPairs };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * A copy that does not share memory with `text`'s parent: V8 keeps a substring as a view of the
 * whole string, so a cached task would otherwise pin every old version of a 2 MB file.
 */
function detach(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
