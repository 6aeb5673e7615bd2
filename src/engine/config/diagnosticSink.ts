import type { Diagnostic, DiagnosticCode, Severity, SuggestedFix } from '../model/diagnostic';
import type { SourceLocation } from '../model/workspace';
import type { RangedSource, YamlPath } from './rangedSource';

/** Collects cross-file diagnostics, ranged through each file's YAML source. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];

  add(source: RangedSource, path: YamlPath, severity: Severity, code: DiagnosticCode, message: string, extra: { fix?: SuggestedFix; data?: Record<string, unknown>; key?: boolean } = {}): Diagnostic {
    const range = (extra.key ? source.keyRange(path) : source.valueRange(path)) ?? source.nearestRange(path);
    const d: Diagnostic = { file: source.file, range, severity, code, message };
    if (extra.fix) d.fix = extra.fix;
    if (extra.data) d.data = extra.data;
    this.diagnostics.push(d);
    return d;
  }

  /** A fix that replaces the value at `path` with `newText`. */
  static replaceFix(source: RangedSource, path: YamlPath, newText: string, title: string): SuggestedFix | undefined {
    const range = source.valueRange(path);
    return range ? { title, edits: [{ file: source.file, range, newText }] } : undefined;
  }
}

export function locationOf(source: RangedSource, path: YamlPath, key = false): SourceLocation {
  return { file: source.file, range: (key ? source.keyRange(path) : source.valueRange(path)) ?? source.nearestRange(path) };
}
