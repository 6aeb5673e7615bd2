import type { z } from 'zod';
import type { Diagnostic, DiagnosticCode, Severity } from '../model/diagnostic';
import { allowedKeys, enumValues, schemaAt } from '../model/schemaNavigation';
import { didYouMean } from './didYouMean';
import { precheckOf } from './schemaPrecheck';
import type { RangedSource, YamlPath } from './rangedSource';

/** One zod issue, as `safeParse` reports it. */
export type Issue = z.core.$ZodIssue;

export interface SchemaCheckOptions {
  /** Severity of an issue at this path (agent frontmatter demotes Claude Code's own keys to warnings). */
  severity?: (path: YamlPath, code: DiagnosticCode) => Severity;
  /** Code for unknown keys (agents use `agent-unknown-key`). */
  unknownKeyCode?: DiagnosticCode;
}

const CAPACITY_KEYS = new Set(['capacity', 'max_parallel_agents', 'max_concurrent']);

/** Validates `source.data` against `schema` and turns every issue into a ranged diagnostic. */
export function schemaDiagnostics(source: RangedSource, schema: z.ZodType, options: SchemaCheckOptions = {}): Diagnostic[] {
  // Most files are valid: a quick check compiled from the same schema spares zod's overhead.
  if (precheckOf(schema)(source.data)) return [];
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return [];
  return issueDiagnostics(source, schema, result.error.issues, [], options);
}

/**
 * Turns issues found by validating the value at `prefix` on its own (with the schema at that
 * path) into diagnostics, exactly as if `root` had validated the whole file. The language
 * server validates a big sprint one task at a time and caches each task's issues.
 */
export function issueDiagnostics(source: RangedSource, root: z.ZodType, issues: readonly Issue[], prefix: YamlPath, options: SchemaCheckOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) mapIssue(source, root, issue, [...prefix, ...(issue.path as YamlPath)], options, out);
  return out;
}

function mapIssue(source: RangedSource, root: z.ZodType, issue: Issue, path: YamlPath, options: SchemaCheckOptions, out: Diagnostic[]): void {
  const push = (code: DiagnosticCode, at: YamlPath, message: string, extra: Partial<Diagnostic> = {}, useKey = false): void => {
    const range = (useKey ? source.keyRange(at) : source.valueRange(at)) ?? source.nearestRange(at);
    out.push({ file: source.file, range, severity: options.severity?.(at, code) ?? 'error', code, message, ...extra });
  };
  const where = describePath(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = [...allowedKeys(schemaAt(root, path) ?? root).keys()];
      for (const key of issue.keys) {
        const suggestion = didYouMean(key, allowed);
        const at = [...path, key];
        const range = source.keyRange(at) ?? source.nearestRange(at);
        const hint = suggestion
          ? ` Did you mean \`${suggestion}\`?`
          : ` Remove it; allowed keys here: ${allowed.slice(0, 12).join(', ')}${allowed.length > 12 ? ', …' : ''}.`;
        out.push({
          file: source.file,
          range,
          severity: options.severity?.(at, options.unknownKeyCode ?? 'unknown-key') ?? 'error',
          code: options.unknownKeyCode ?? 'unknown-key',
          message: `Unknown key \`${key}\`${path.length ? ` in ${where}` : ''}.${hint}`,
          ...(suggestion ? { fix: { title: `Rename to \`${suggestion}\``, edits: [{ file: source.file, range, newText: suggestion }] }, data: { suggestion } } : {}),
        });
      }
      return;
    }
    case 'invalid_type': {
      if (issue.input === undefined) {
        const key = path[path.length - 1];
        const parent = path.slice(0, -1);
        push('missing-key', parent, `${describePath(parent) || 'The file'} is missing the required key \`${String(key)}\`. Add \`${String(key)}: …\`.`, { data: { key } }, true);
        return;
      }
      push('wrong-type', path, `${where} must be ${article(issue.expected)}, not ${typeName(issue.input)}.`);
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const given = String(issue.input);
      const suggestion = didYouMean(given, values);
      const range = source.valueRange(path) ?? source.nearestRange(path);
      out.push({
        file: source.file,
        range,
        severity: options.severity?.(path, 'bad-enum') ?? 'error',
        code: 'bad-enum',
        message: `${where} must be one of ${values.join(', ')}; got \`${given}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        ...(suggestion ? { fix: { title: `Change to \`${suggestion}\``, edits: [{ file: source.file, range, newText: suggestion }] }, data: { suggestion } } : { data: { values } }),
      });
      return;
    }
    case 'too_small': {
      const key = String(path[path.length - 1] ?? '');
      if (CAPACITY_KEYS.has(key) && issue.origin === 'number') {
        push('capacity-below-one', path, `${where} must be at least 1 (got ${String(issue.input)}): nothing could ever run. Set it to 1 or more.`);
        return;
      }
      const what = issue.origin === 'array' ? 'at least ' + String(issue.minimum) + ' item(s)' : issue.origin === 'string' ? 'not be empty' : `be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
      push('out-of-range', path, `${where} must ${issue.origin === 'array' ? 'have ' : ''}${what}${issue.origin === 'number' ? ` (got ${String(issue.input)})` : ''}.`);
      return;
    }
    case 'too_big':
      push('out-of-range', path, `${where} must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}${issue.origin === 'number' ? ` (got ${String(issue.input)})` : ''}.`);
      return;
    case 'invalid_format':
      push('bad-format', path, `${where} \`${String(issue.input)}\` is not valid: ${issue.message}.`);
      return;
    case 'invalid_union': {
      const branches = issue.errors;
      const shallow = branches.every((b) => b.every((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (shallow) {
        const expected = [...new Set(branches.flat().map((i) => (i.code === 'invalid_type' ? i.expected : 'value')))];
        const values = enumValues(schemaAt(root, path) ?? root);
        push('wrong-type', path, `${where} must be ${expected.map(article).join(' or ')}${values.length ? ` (${values.join(', ')})` : ''}, not ${typeName(issue.input)}.`);
        return;
      }
      // Report the branch that got furthest: the one with the fewest, deepest issues.
      const best = [...branches].sort((a, b) => a.length - b.length || depth(b) - depth(a))[0] ?? [];
      for (const sub of best) mapIssue(source, root, sub as Issue, [...path, ...(sub.path as YamlPath)], options, out);
      return;
    }
    default:
      push('wrong-type', path, `${where}: ${issue.message}.`);
  }
}

function depth(issues: readonly { path: readonly PropertyKey[] }[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

/** `sprint.tasks[2].priority` */
export function describePath(path: YamlPath): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out ? `\`${out}\`` : '';
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping (key: value)';
  if (type === 'int') return 'a whole number';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${article(typeof value)} (\`${String(value).slice(0, 40)}\`)`;
}
