import * as path from 'node:path';
import type { Diagnostic, Severity } from '../engine/model/diagnostic';
import { plural, type Style } from './output';

/** A diagnostic as `--json` prints it: exactly these eight keys, 1-based, `file` relative with `/`. */
export interface DiagnosticJson {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

/** `file` relative to `dir` with forward slashes on every platform, as scripts expect. */
export function displayPath(file: string, dir: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

/**
 * Diagnostics in display order: by relative path (plain code-point order, so the output is the
 * same under every locale), then line, column and code.
 */
export function sortForDisplay(diagnostics: readonly Diagnostic[], dir: string): Diagnostic[] {
  const keyed = diagnostics.map((d) => ({ d, file: displayPath(d.file, dir) }));
  keyed.sort((a, b) =>
    compareText(a.file, b.file) || a.d.range.line - b.d.range.line || a.d.range.column - b.d.range.column || compareText(a.d.code, b.d.code));
  return keyed.map((k) => k.d);
}

/** `sprints/s1.yaml:4:18: error unknown-task Task …` — the compiler-style line editors link. */
export function diagnosticLine(d: Diagnostic, dir: string, style: Style): string {
  const where = `${displayPath(d.file, dir)}:${d.range.line}:${d.range.column}:`;
  return `${style.bold(where)} ${severityWord(d.severity, style)} ${style.dim(d.code)} ${d.message}`;
}

/** The `--json` form of a diagnostic. */
export function diagnosticJson(d: Diagnostic, dir: string): DiagnosticJson {
  return {
    file: displayPath(d.file, dir),
    line: d.range.line,
    column: d.range.column,
    endLine: d.range.endLine,
    endColumn: d.range.endColumn,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

/**
 * `3 errors, 1 warning in 12 files`, or `No problems in 12 files.` Errors and warnings are
 * always both named when anything is wrong, so a script can match one pattern; info is added
 * only when present.
 */
export function summaryLine(diagnostics: readonly Diagnostic[], fileCount: number, style: Style): string {
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const files = plural(fileCount, 'file');
  if (diagnostics.length === 0) return `${style.green('No problems')} in ${files}.`;
  const errors = count('error');
  const warnings = count('warning');
  const info = count('info');
  const parts = [
    errors > 0 ? style.red(plural(errors, 'error')) : plural(errors, 'error'),
    warnings > 0 ? style.yellow(plural(warnings, 'warning')) : plural(warnings, 'warning'),
    ...(info > 0 ? [`${info} info`] : []),
  ];
  return `${parts.join(', ')} in ${files}`;
}

function severityWord(severity: Severity, style: Style): string {
  if (severity === 'error') return style.red(style.bold('error'));
  if (severity === 'warning') return style.yellow(style.bold('warning'));
  return style.cyan('info');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
