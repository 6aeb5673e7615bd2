import { pathToFileURL } from 'node:url';
import type { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { SymbolKind } from './referencePaths';
import type { Occurrence } from './symbolIndex';
import type { WorkspaceSnapshot } from './workspaceSnapshot';

/** Names a rename may produce: they end up as plain YAML scalars, task ids in branch names. */
const VALID_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const RENAMEABLE: ReadonlySet<SymbolKind> = new Set(['agent', 'task', 'team', 'sprint', 'epic']);

/** A rename the user asked for that cannot be done; the message is shown to them. */
export class RenameError extends Error {
  override readonly name = 'RenameError';
  static is(error: unknown): error is RenameError {
    return error instanceof RenameError;
  }
}

function location(o: Occurrence): Location {
  return { uri: pathToFileURL(o.file).toString(), range: o.range };
}

/**
 * Go to definition: from a dependency to its task, from an agent reference to the agent's
 * `.md` file, from a team reference to its entry in teams.yaml (and sprints, epics likewise).
 */
export function definition(snapshot: WorkspaceSnapshot, file: string, position: Position): Location[] {
  const o = snapshot.symbols().at(file, position);
  if (!o) return [];
  return snapshot.symbols().find(o.kind, o.name, o.file).filter((d) => d.declaration).map(location);
}

/** Every place the task id, agent, team, event, sprint or epic under the cursor is written. */
export function references(snapshot: WorkspaceSnapshot, file: string, position: Position, includeDeclaration: boolean): Location[] {
  const o = snapshot.symbols().at(file, position);
  if (!o) return [];
  return snapshot.symbols().find(o.kind, o.name, o.file).filter((r) => includeDeclaration || !r.declaration).map(location);
}

/** The name under the cursor, when it can be renamed. */
export function prepareRename(snapshot: WorkspaceSnapshot, file: string, position: Position): { range: Range; placeholder: string } | null {
  const o = snapshot.symbols().at(file, position);
  if (!o || !RENAMEABLE.has(o.kind)) return null;
  if (!snapshot.symbols().find(o.kind, o.name, o.file).some((d) => d.declaration)) return null;
  return { range: o.range, placeholder: o.name };
}

/**
 * Renames a task id (within its sprint) or an agent, team, sprint or epic name (across every
 * file) as one workspace edit.
 * @throws RenameError when nothing renameable is under the cursor or the new name is unusable.
 */
export function rename(snapshot: WorkspaceSnapshot, file: string, position: Position, newName: string): WorkspaceEdit {
  const target = prepareRename(snapshot, file, position);
  const o = target ? snapshot.symbols().at(file, position)! : undefined;
  if (!o) throw new RenameError('Only a task id or an agent, team, sprint or epic name can be renamed here.');
  if (!VALID_NAME.test(newName)) throw new RenameError(`\`${newName}\` is not a valid name: use letters, digits, \`-\`, \`_\` and \`.\`, starting with a letter or digit.`);
  const all = snapshot.symbols().find(o.kind, o.name, o.file);
  const clash = snapshot.symbols().find(o.kind, newName, o.file).some((d) => d.declaration);
  if (clash && newName !== o.name) throw new RenameError(`A ${o.kind} named \`${newName}\` already exists.`);
  const changes: Record<string, TextEdit[]> = {};
  for (const r of all) (changes[pathToFileURL(r.file).toString()] ??= []).push({ range: r.range, newText: newName });
  return { changes };
}
