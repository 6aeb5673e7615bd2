import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import { SCHEMA_BY_KIND, type ConfigFileKind } from '../engine/config/configFile';
import type { YamlPath } from '../engine/config/rangedSource';
import { transitiveDependants } from '../engine/graph/unblocks';
import { EVENT_CATALOGUE } from '../engine/model/eventCatalogue';
import { allowedKeys, enumValues, schemaAt, unwrap } from '../engine/model/schemaNavigation';
import type { Sprint } from '../engine/model/workspace';
import { patternAt, REFERENCE_PATTERNS } from './referencePaths';
import type { TextLines } from './textLines';
import { cursorContext, type CursorContext } from './yamlCursor';
import type { WorkspaceSnapshot } from './workspaceSnapshot';

/** What completion needs to know about the document besides the workspace. */
export interface CompletionInput {
  kind: ConfigFileKind;
  file: string;
  /** The live text (it may be ahead of the snapshot by a few keystrokes). */
  lines: TextLines;
  /** The YAML lines: all of them, or an agent's frontmatter. */
  yamlLines: { from: number; to: number } | undefined;
  /** This file's sprint as last resolved: while the text does not parse, its tasks still complete. */
  sprint?: Sprint;
}

/**
 * Completion at the cursor: the keys the schema allows there (with their descriptions), enum
 * values, and the names a reference may take — agents, teams, events, sprints, epics, and the
 * tasks of the same sprint that can be a dependency without closing a cycle.
 */
export function complete(snapshot: WorkspaceSnapshot, input: CompletionInput, position: Position): CompletionItem[] {
  if (!input.yamlLines) return [];
  const context = cursorContext(input.lines, position, input.yamlLines.from, input.yamlLines.to);
  if (!context) return [];
  const range: Range = { start: { line: context.line, character: context.start }, end: { line: context.line, character: context.end } };
  const items: CompletionItem[] = [];
  if (context.kind === 'key') {
    items.push(...keyItems(input.kind, context, range));
    if (context.itemScalar) items.push(...valueItems(snapshot, input, context, range));
  } else {
    items.push(...valueItems(snapshot, input, context, range));
  }
  return items;
}

function keyItems(kind: ConfigFileKind, context: CursorContext, range: Range): CompletionItem[] {
  const schema = schemaAt(SCHEMA_BY_KIND[kind], context.path);
  if (!schema) return [];
  const items: CompletionItem[] = [];
  for (const [key, description] of allowedKeys(schema)) {
    if (context.siblings.has(key) && key !== context.key) continue;
    const item: CompletionItem = {
      label: key,
      kind: CompletionItemKind.Property,
      textEdit: { range, newText: context.key === undefined ? `${key}: ` : key },
      sortText: `0${key}`,
    };
    if (description) item.documentation = { kind: MarkupKind.Markdown, value: description };
    items.push(item);
  }
  return items;
}

function valueItems(snapshot: WorkspaceSnapshot, input: CompletionInput, context: CursorContext, range: Range): CompletionItem[] {
  const reference = patternAt(REFERENCE_PATTERNS, input.kind, context.path);
  const item = (label: string, kind: CompletionItemKind, detail?: string, documentation?: string): CompletionItem => {
    const out: CompletionItem = { label, kind, textEdit: { range, newText: label }, insertTextFormat: InsertTextFormat.PlainText };
    if (detail) out.detail = detail;
    if (documentation) out.documentation = { kind: MarkupKind.Markdown, value: documentation };
    return out;
  };
  const unlisted = (name: string) => !context.listed.includes(name) || name === context.prefix;
  const ws = snapshot.workspace;
  switch (reference?.kind) {
    case 'agent':
      return [...ws.agents.values()].filter((a) => unlisted(a.name)).map((a) => item(a.name, CompletionItemKind.Reference, a.model ? `agent · ${a.model}` : 'agent', a.description));
    case 'team':
      return [...ws.teams.values()].filter((t) => unlisted(t.id)).map((t) => item(t.id, CompletionItemKind.Module, `team · ${t.members.length} member(s)`, t.members.map((m) => m.agent).join(', ')));
    case 'event':
      return Object.entries(EVENT_CATALOGUE).flatMap(([group, events]) => events.filter(unlisted).map((e) => item(e, CompletionItemKind.Event, `${group} event`)));
    case 'sprint':
      return [...ws.sprints.values()].filter((s) => unlisted(s.id)).map((s) => item(s.id, CompletionItemKind.Module, 'sprint', s.name));
    case 'epic':
      return [...ws.epics.values()].filter((e) => unlisted(e.id)).map((e) => item(e.id, CompletionItemKind.Module, 'epic', e.title));
    case 'task':
      return taskItems(snapshot, input, context, context.path).map((t) => item(t.id, CompletionItemKind.Reference, `task · estimate ${t.estimate}`, t.title));
    default:
      return schemaValues(input.kind, context.path).map((v) => item(v, CompletionItemKind.EnumMember));
  }
}

/** Tasks of this sprint that may become a dependency: not the task itself, nothing that depends on it, nothing listed. */
function taskItems(snapshot: WorkspaceSnapshot, input: CompletionInput, context: CursorContext, path: YamlPath): Sprint['tasks'] {
  const sprint = snapshot.sprintOfFile(input.file) ?? input.sprint;
  if (!sprint) return [];
  const graph = snapshot.analysis(sprint).graph;
  const self = path[0] === 'sprint' && path[1] === 'tasks' ? context.itemId : undefined;
  const excluded = new Set(self !== undefined ? [self, ...transitiveDependants(graph, self)] : []);
  for (const name of context.listed) if (name !== context.prefix) excluded.add(name);
  return sprint.tasks.filter((t) => (t.kind === 'task' || t.kind === 'sync') && !excluded.has(t.id));
}

/** Enum values, or true/false for a boolean. */
function schemaValues(kind: ConfigFileKind, path: YamlPath): string[] {
  const schema = schemaAt(SCHEMA_BY_KIND[kind], path);
  if (!schema) return [];
  const values = enumValues(schema);
  if (values.length) return values;
  const type = (unwrap(schema)._zod.def as { type?: string }).type;
  return type === 'boolean' ? ['true', 'false'] : [];
}
