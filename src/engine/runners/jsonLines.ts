/** A JSON object read from an agent's output, with fields of unknown type. */
export type JsonRecord = Record<string, unknown>;

/**
 * The JSON objects in newline-delimited output, in order. Lenient on purpose: agent CLIs mix
 * banners, warnings and truncated lines into their JSON streams, and add fields and event
 * types over time, so anything that is not a JSON object on its own line is skipped.
 */
export function parseJsonLines(output: string): JsonRecord[] {
  const records: JsonRecord[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('{') || !line.endsWith('}')) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value)) records.push(value);
    } catch {
      // A line cut by output truncation, or text that merely looks like JSON.
    }
  }
  return records;
}

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `record[key]` when it is a string. */
export function stringField(record: JsonRecord | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** `record[key]` when it is a finite number. */
export function numberField(record: JsonRecord | undefined, key: string): number | undefined {
  const value = record?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `record[key]` when it is an object. */
export function recordField(record: JsonRecord | undefined, key: string): JsonRecord | undefined {
  const value = record?.[key];
  return isRecord(value) ? value : undefined;
}
