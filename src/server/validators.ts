import type { ParsedConfigFile } from '../engine/config/configFile';
import type { Diagnostic } from '../engine/model/diagnostic';
import type { WorkspaceSnapshot } from './workspaceSnapshot';

/**
 * A validator plug-in: the diagnostics of one document, given the whole workspace. The service
 * runs every registered validator over every Baton file after each change.
 */
export interface Validator {
  readonly id: string;
  validate(doc: ParsedConfigFile, workspace: WorkspaceSnapshot): Diagnostic[];
}

/**
 * Everything the engine's loader reports for the file — syntax, schema and every cross-file
 * check, the cycle check included — with its code, data and exact range, so the editor, the
 * CLI and the scheduler never disagree.
 */
export const loaderValidator: Validator = {
  id: 'loader',
  validate: (doc, workspace) => workspace.loaderDiagnostics().get(doc.file) ?? [],
};

export const DEFAULT_VALIDATORS: readonly Validator[] = [loaderValidator];
