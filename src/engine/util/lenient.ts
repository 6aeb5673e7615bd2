/**
 * Defensive readers for data that may not match its schema. The loader builds the model from
 * whatever is usable and leaves the complaints to the schema diagnostics, so one bad value
 * never hides the rest of a file from the editor or the planner.
 */
export type Raw = Record<string, unknown>;

export function asRecord(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function asNonEmptyString(value: unknown): string | undefined {
  const s = asString(value);
  return s !== undefined && s.length > 0 ? s : undefined;
}

export function asStringList(value: unknown): string[] {
  return asArray(value).map(asString).filter((s): s is string => s !== undefined);
}

/** Claude Code's `tools: Read, Write` or a YAML list. */
export function asCommaList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return asStringList(value).map((s) => s.trim()).filter(Boolean);
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asPositiveInt(value: unknown): number | undefined {
  const n = asNumber(value);
  return n !== undefined && Number.isInteger(n) && n >= 1 ? n : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}
