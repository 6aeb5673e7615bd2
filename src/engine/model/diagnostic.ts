/** 1-based line and column; `endColumn` is exclusive. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** Stable diagnostic codes: users' scripts, the language server's quick fixes and the tests key on them. */
export const DIAGNOSTIC_CODES = [
  'yaml-syntax',
  'file-unreadable',
  'missing-key',
  'wrong-type',
  'unknown-key',
  'bad-enum',
  'bad-format',
  'out-of-range',
  'capacity-below-one',
  'unknown-agent',
  'unknown-team',
  'unknown-task',
  'unknown-sprint',
  'unknown-epic',
  'unknown-event',
  'dependency-cycle',
  'self-dependency',
  'duplicate-task-id',
  'duplicate-sprint-id',
  'duplicate-epic-id',
  'duplicate-agent-name',
  'duplicate-member',
  'agent-no-frontmatter',
  'agent-missing-name',
  'agent-missing-description',
  'agent-unknown-key',
  'agent-key-no-effect',
  'toml-syntax',
  'agent-frontmatter-lenient',
  'agent-runner-incomplete',
  'script-not-found',
  'path-outside-workspace',
  'worktree-location-unsafe',
  'unused-agent',
  'unassigned-task',
  'assignee-not-in-team',
  'no-teams-file',
  'empty-sprint',
  'sync-point-unordered',
  'subscription-incomplete',
  'subscription-no-effect',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** A text edit in the same 1-based coordinates as the diagnostic. */
export interface FixEdit {
  file: string;
  range: SourceRange;
  newText: string;
}

export interface SuggestedFix {
  title: string;
  edits: FixEdit[];
}

/** A problem in a user's file, pointing at the offending key or value. */
export interface Diagnostic {
  /** Absolute path of the file. */
  file: string;
  range: SourceRange;
  severity: Severity;
  code: DiagnosticCode;
  /** Says what is wrong and how to fix it. */
  message: string;
  fix?: SuggestedFix;
  /** Machine-readable details for quick fixes (e.g. `{ suggestion: 'high' }`, the cycle path). */
  data?: Record<string, unknown>;
}

export const WHOLE_FIRST_LINE: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.range.line - b.range.line || a.range.column - b.range.column || a.code.localeCompare(b.code);
}
