import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import { ChunkedSource } from '../engine/config/chunkedSource';
import type { ParsedConfigFile } from '../engine/config/configFile';
import type { RangedSource, YamlPath } from '../engine/config/rangedSource';
import { YamlSource } from '../engine/config/yamlSource';
import { asArray, asRecord, asString } from '../engine/util/lenient';
import type { SourceRange } from '../engine/model/diagnostic';
import { toLspRange } from './textLines';

/** The whole extent of the node at `path` (not narrowed to its key like `valueRange`). */
export function spanOf(source: RangedSource, path: YamlPath): SourceRange | undefined {
  if (source instanceof ChunkedSource) return source.extentOf(path);
  if (source instanceof YamlSource) return source.rangeOfNode(source.nodeAt(path));
  return source.valueRange(path);
}

function symbol(source: RangedSource, name: string, kind: SymbolKind, path: YamlPath, select: YamlPath, detail?: string, children?: DocumentSymbol[]): DocumentSymbol | undefined {
  const selection = source.valueRange(select) ?? source.keyRange(select);
  if (!selection || !name) return undefined;
  const selectionRange = toLspRange(selection);
  const key = source.keyRange(path);
  const span = spanOf(source, path);
  // The range must contain the selection: from the key (or the selection) to the end of the node.
  const start = key && (key.line < selection.line || (key.line === selection.line && key.column <= selection.column)) ? toLspRange(key).start : selectionRange.start;
  const end = span ? toLspRange(span).end : selectionRange.end;
  const range: Range = before(end, selectionRange.end) ? { start, end: selectionRange.end } : { start, end };
  const out: DocumentSymbol = { name, kind, range, selectionRange };
  if (detail) out.detail = detail;
  if (children?.length) out.children = children;
  return out;
}

function before(a: Range['end'], b: Range['end']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The outline: sprint → tasks; teams → members; an epic; an agent. */
export function documentSymbols(parsed: ParsedConfigFile): DocumentSymbol[] {
  const source = parsed.source;
  const data = asRecord(source?.data);
  if (!source || !data) return [];
  const keep = (s: DocumentSymbol | undefined): s is DocumentSymbol => s !== undefined;
  switch (parsed.kind) {
    case 'sprint': {
      const body = asRecord(data.sprint);
      const tasks = asArray(body?.tasks).map((raw, i) => {
        const task = asRecord(raw);
        return symbol(source, asString(task?.id) ?? '', SymbolKind.Event, ['sprint', 'tasks', i], ['sprint', 'tasks', i, 'id'], asString(task?.title));
      }).filter(keep);
      const sprint = symbol(source, `sprint ${asString(body?.id) ?? ''}`.trim(), SymbolKind.Package, ['sprint'], body?.id !== undefined ? ['sprint', 'id'] : ['sprint'], asString(body?.name), tasks);
      return sprint ? [sprint] : tasks;
    }
    case 'teams':
      return Object.entries(asRecord(data.teams) ?? {}).map(([id, raw]) => {
        const members = asArray(asRecord(raw)?.members).map((m, i) => {
          const object = asRecord(m);
          const at: YamlPath = object ? ['teams', id, 'members', i, 'agent'] : ['teams', id, 'members', i];
          return symbol(source, asString(object ? object.agent : m) ?? '', SymbolKind.Field, at, at);
        }).filter(keep);
        return symbol(source, id, SymbolKind.Namespace, ['teams', id], ['teams', id], asString(asRecord(raw)?.name), members);
      }).filter(keep);
    case 'epic': {
      const body = asRecord(data.epic);
      const epic = symbol(source, `epic ${asString(body?.id) ?? ''}`.trim(), SymbolKind.Package, ['epic'], body?.id !== undefined ? ['epic', 'id'] : ['epic'], asString(body?.title));
      return epic ? [epic] : [];
    }
    case 'agent': {
      const agent = symbol(source, asString(data.name) ?? '', SymbolKind.Class, ['name'], ['name'], asString(data.description)?.split('\n')[0]);
      return agent ? [agent] : [];
    }
  }
}
