import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { SuggestedFix } from '../engine/model/diagnostic';
import { type TextLines, toLspRange } from './textLines';
import type { WorkspaceSnapshot } from './workspaceSnapshot';

export interface CodeActionInput {
  file: string;
  /** The document's text, as the diagnostics' ranges refer to it. */
  lines: TextLines;
  /** The diagnostics the client sent with the request (ours carry `code` and `data`). */
  diagnostics: readonly LspDiagnostic[];
  /** Whether the client can create files in a workspace edit. */
  canCreateFiles: boolean;
}

type Data = { fix?: SuggestedFix; name?: string; task?: string; dependency?: string; suggestion?: string } | undefined;

/**
 * Quick fixes for our diagnostics: apply the loader's suggested fix (a mistyped enum value,
 * key or reference), create a missing agent from a template, remove the dependency that closes
 * a cycle, rename one of two agents that share a name.
 */
export function codeActions(snapshot: WorkspaceSnapshot, input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of input.diagnostics) {
    if (d.source !== 'baton') continue;
    const data = d.data as Data;
    if (data?.fix) actions.push(fixAction(data.fix, d));
    if (d.code === 'unknown-agent' && data?.name && input.canCreateFiles) {
      const action = createAgentAction(snapshot, data.name, d);
      if (action) actions.push(action);
    }
    if ((d.code === 'dependency-cycle' || d.code === 'self-dependency') && data?.dependency) {
      const action = removeDependencyAction(input, d, data.task ?? data.dependency, data.dependency);
      if (action) actions.push(action);
    }
    if (d.code === 'duplicate-agent-name' && data?.name) actions.push(renameDuplicateAction(snapshot, input, d, data.name));
  }
  return actions;
}

function fixAction(fix: SuggestedFix, d: LspDiagnostic): CodeAction {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of fix.edits) (changes[pathToFileURL(e.file).toString()] ??= []).push({ range: toLspRange(e.range), newText: e.newText });
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes } };
}

/** A new `agents/<name>.md` in Claude Code's subagent format. */
export function agentTemplate(name: string): string {
  return [
    '---',
    `name: ${name}`,
    `description: Use this agent when … (say what ${name} is for; Claude Code picks agents by this text)`,
    'tools: Read, Write, Edit, Bash',
    'model: sonnet',
    '---',
    `You are ${name}. Describe how this agent works, what it owns and what it must never change.`,
    '',
  ].join('\n');
}

function createAgentAction(snapshot: WorkspaceSnapshot, name: string, d: LspDiagnostic): CodeAction | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) return undefined;
  const uri = pathToFileURL(path.join(snapshot.workspace.configRoot, 'agents', `${name}.md`)).toString();
  return {
    title: `Create agent file agents/${name}.md`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: true } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: agentTemplate(name) }] },
      ],
    },
  };
}

function renameDuplicateAction(snapshot: WorkspaceSnapshot, input: CodeActionInput, d: LspDiagnostic, name: string): CodeAction {
  const taken = new Set(snapshot.workspace.agents.keys());
  const stem = path.basename(input.file, '.md');
  let candidate = stem !== name && !taken.has(stem) ? stem : `${name}-2`;
  for (let n = 3; taken.has(candidate); n++) candidate = `${name}-${n}`;
  return {
    title: `Rename this agent to \`${candidate}\``,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: { changes: { [pathToFileURL(input.file).toString()]: [{ range: d.range, newText: candidate }] } },
  };
}

function removeDependencyAction(input: CodeActionInput, d: LspDiagnostic, task: string, dependency: string): CodeAction | undefined {
  const edit = removeListItem(input.lines, d.range, dependency);
  if (!edit) return undefined;
  return {
    title: `Remove the dependency of \`${task}\` on \`${dependency}\``,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: { changes: { [pathToFileURL(input.file).toString()]: [edit] } },
  };
}

/**
 * An edit deleting the sequence item at `range` (which must read `name`): with its comma in a
 * flow sequence, or its whole line in a block sequence (leaving `[]` when it was the only one).
 */
export function removeListItem(lines: TextLines, range: Range, name: string): TextEdit | undefined {
  if (range.start.line !== range.end.line) return undefined;
  const text = lines.line(range.start.line);
  const { character: start } = range.start;
  const { character: end } = range.end;
  if (text.slice(start, end).replace(/^['"]|['"]$/g, '') !== name) return undefined;
  const before = text.slice(0, start);
  const line = range.start.line;
  if (/^\s*-\s+$/.test(before)) return removeBlockItem(lines, line, before.indexOf('-'));
  const after = text.slice(end);
  const next = /^\s*,\s*/.exec(after);
  if (next) return { range: { start: range.start, end: { line, character: end + next[0].length } }, newText: '' };
  const previous = /\s*,\s*$/.exec(before);
  if (previous) return { range: { start: { line, character: start - previous[0].length }, end: range.end }, newText: '' };
  if (/\[\s*$/.test(before) && /^\s*\]/.test(after)) return { range, newText: '' };
  return undefined;
}

function removeBlockItem(lines: TextLines, line: number, dash: number): TextEdit {
  const whole = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
  const isSibling = (n: number) => {
    const t = lines.line(n);
    return t.length > dash && t.slice(0, dash).trim() === '' && t[dash] === '-';
  };
  if (isSibling(line - 1) || isSibling(line + 1)) return { range: whole, newText: '' };
  // The only item: `dependencies:` must stay a list, so it becomes `dependencies: []`.
  const owner = lines.line(line - 1);
  if (/:\s*$/.test(owner)) {
    return { range: { start: { line: line - 1, character: owner.trimEnd().length }, end: { line: line + 1, character: 0 } }, newText: ' []\n' };
  }
  return { range: whole, newText: '' };
}
