import { parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../model/diagnostic';
import { sprintFileSchema } from '../model/sprintSchema';
import { ChunkedSource } from './chunkedSource';
import type { ParsedConfigFile } from './configFile';
import { sameNestingState, scanNesting, startOfText, type NestingState } from './nestingGuard';
import { issueDiagnostics, type Issue } from './schemaIssues';
import { detach, SprintChunk, YAML_OPTIONS } from './sprintChunk';
import { lineStartsIn, SprintLines } from './sprintLines';
import { layoutTasks, relayoutTasks, type LayoutEdit, type TaskLayout } from './taskLayout';
import { changedRegion } from './textChange';
import { indexYamlNode, type MapIndex, type StitchedIndex } from './yamlIndex';

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

/** The last text that chunked, with what it was cut into. */
interface Chunked {
  text: string;
  layout: TaskLayout;
  chunks: SprintChunk[];
  /** The nesting guard's state where each chunk starts (see {@link nestingStates}). */
  nesting?: readonly NestingState[];
  /** How this cut was made from the previous one, when it was. */
  edit?: LayoutEdit;
}

/** A task item's schema diagnostics, for the index and line they were written for. */
interface ItemDiagnostics {
  index: number;
  line: number | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Parses big sprint files one task at a time and remembers every task by its text, so an edit
 * re-parses only the task it touches. After an edit only the lines it touched are read again
 * to find where the task items now start; the rest of the work per keystroke is a pass over
 * the items that mostly compares references. Keep one cache per file; it holds only the chunks
 * of the latest text, so memory stays bounded however long the editing session.
 */
export class SprintChunkCache {
  #last: Chunked | undefined;
  #skeleton: (Omit<SkeletonEntry, 'root' | 'sprint'> & SkeletonIndex) | undefined;
  #itemDiagnostics = new Map<SprintChunk, ItemDiagnostics>();

  /**
   * The same {@link ParsedConfigFile} as `parseConfigFile('sprint', file, text)`, or undefined
   * when the text is not in the plain shape chunking needs (the caller then parses it whole).
   */
  parse(file: string, text: string): ParsedConfigFile | undefined {
    const cut = this.#cut(text);
    if (!cut) return undefined;
    const { layout, chunks } = cut;
    const skeleton = this.#parseSkeleton(text, layout);
    const nesting = skeleton && nestingStates(text, cut, this.#last);
    if (!nesting) return undefined;
    this.#last = { text, layout, chunks, nesting };
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
    const lines = new SprintLines(lineStartsIn(text, 0, layout.regionStart), bases, chunks, lineStartsIn(text, layout.regionEnd, text.length + 1));
    const source = new ChunkedSource(file, text, data, root, lines);
    const diagnostics: Diagnostic[] = issueDiagnostics(source, sprintFileSchema, skeleton.issues, []);
    const itemDiagnostics = new Map<SprintChunk, ItemDiagnostics>();
    chunks.forEach((chunk, index) => {
      const issues = chunk.issues();
      if (issues.length === 0) return;
      // Ranges and messages depend on the item's text, index and first line alone.
      const line = lines.itemLine(index);
      let item = this.#itemDiagnostics.get(chunk) ?? itemDiagnostics.get(chunk);
      if (item?.index !== index || item.line !== line) item = { index, line, diagnostics: issueDiagnostics(source, sprintFileSchema, issues, ['sprint', 'tasks', index]) };
      itemDiagnostics.set(chunk, item);
      diagnostics.push(...item.diagnostics);
    });
    this.#itemDiagnostics = itemDiagnostics;
    return { kind: 'sprint', file, text, source, diagnostics };
  }

  /**
   * The task items of `text`: after a change to the last text that chunked, only the items on
   * the lines it touched are cut and parsed again; otherwise every item, each looked up by its
   * text first. Undefined when the text does not have the plain shape or an item does not parse.
   */
  #cut(text: string): Chunked | undefined {
    const last = this.#last;
    if (last?.text === text) return last;
    const change = last ? changedRegion(last.text, text) : undefined;
    const edit = last && change ? relayoutTasks(last.layout, last.text, text, change) : undefined;
    if (!last || !edit) {
      const layout = layoutTasks(text);
      const chunks = layout && parseChunks(text, layout, last?.chunks ?? []);
      return chunks ? { text, layout: layout!, chunks } : undefined;
    }
    const { layout, from, removed, added } = edit;
    const reusable = new Map(last.chunks.slice(from, from + removed).map((c) => [c.key, c]));
    const fresh: SprintChunk[] = [];
    for (let i = from; i < from + added; i++) {
      const own = detach(text.slice(layout.itemStarts[i]!, layout.itemStarts[i + 1] ?? layout.regionEnd));
      const chunk = reusable.get(own) ?? SprintChunk.parse(own);
      if (!chunk) return undefined;
      fresh.push(chunk);
    }
    const chunks = last.chunks.slice(0, from);
    for (const chunk of fresh) chunks.push(chunk);
    for (let i = from + removed; i < last.chunks.length; i++) chunks.push(last.chunks[i]!);
    return { text, layout, chunks, edit };
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
}

/** Every task chunk, reused from `previous` by its text or parsed now; undefined if one does not parse. */
function parseChunks(text: string, layout: TaskLayout, previous: readonly SprintChunk[]): SprintChunk[] | undefined {
  const known = new Map(previous.map((c) => [c.key, c]));
  const starts = layout.itemStarts;
  const out: (SprintChunk | undefined)[] = new Array(starts.length);
  const missing: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const chunk = known.get(text.slice(starts[i]!, starts[i + 1] ?? layout.regionEnd));
    if (chunk) out[i] = chunk;
    else missing.push(i);
  }
  // Many new tasks (a cold open, a paste): one detached copy of the region serves them all.
  const bulk = missing.length > 64 ? detach(text.slice(layout.regionStart, layout.regionEnd)) : undefined;
  for (const i of missing) {
    const [from, to] = [starts[i]!, starts[i + 1] ?? layout.regionEnd];
    const own = bulk !== undefined ? bulk.slice(from - layout.regionStart, to - layout.regionStart) : detach(text.slice(from, to));
    const chunk = known.get(own) ?? SprintChunk.parse(own);
    if (!chunk) return undefined;
    out[i] = chunk;
    known.set(chunk.key, chunk);
  }
  return out as SprintChunk[];
}

/**
 * The nesting guard's state at the start of each chunk, or undefined when it refuses the text
 * (the whole-document parse would report it). Scanned piece by piece — head, chunks, tail —
 * with the same answer as one scan of the whole text. After an edit the scan starts at the
 * first changed chunk and stops as soon as it enters an unchanged chunk in the state it was in
 * before: from there on the text is scanned exactly as last time, when nothing was refused.
 */
function nestingStates(text: string, cut: Chunked, last: Chunked | undefined): NestingState[] | undefined {
  const { layout, chunks, edit } = cut;
  const states: NestingState[] = [];
  let state: NestingState;
  let from = 0;
  if (edit && last?.nesting) {
    from = edit.from;
    for (let i = 0; i < from; i++) states.push(last.nesting[i]!);
    state = { ...last.nesting[from]! };
  } else {
    state = startOfText();
    if (scanNesting(text.slice(0, layout.regionStart), state) >= 0) return undefined;
  }
  for (let i = from; i < chunks.length; i++) {
    if (edit && last?.nesting && i >= edit.from + edit.added) {
      const before = last.nesting[i - edit.added + edit.removed]!;
      if (sameNestingState(state, before)) {
        for (let j = i - edit.added + edit.removed; j < last.nesting.length; j++) states.push(last.nesting[j]!);
        return states;
      }
    }
    states.push({ ...state });
    if (chunks[i]!.scanNesting(state)) return undefined;
  }
  return scanNesting(text.slice(layout.regionEnd), state) >= 0 ? undefined : states;
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

/** Copies of the root and `sprint` maps with the stitched `tasks` sequence in place of the skeleton's null. */
function stitch(skeleton: SkeletonEntry, tasks: StitchedIndex): MapIndex {
  const sprintPairs = new Map(skeleton.sprint.pairs);
  sprintPairs.set('tasks', { ...sprintPairs.get('tasks')!, value: tasks });
  const sprint: MapIndex = { ...skeleton.sprint, end: Math.max(skeleton.sprint.end, tasks.end), pairs: sprintPairs };
  const rootPairs = new Map(skeleton.root.pairs);
  rootPairs.set('sprint', { ...rootPairs.get('sprint')!, value: sprint });
  return { ...skeleton.root, end: Math.max(skeleton.root.end, sprint.end), pairs: rootPairs };
}
