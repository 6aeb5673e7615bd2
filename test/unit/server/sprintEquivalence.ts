import assert from 'node:assert/strict';
import { SprintChunkCache } from '../../../src/engine/config/chunkedSprint';
import { parseConfigFile, parseWholeConfigFile } from '../../../src/engine/config/configFile';
import type { RangedSource, YamlPath } from '../../../src/engine/config/rangedSource';

export const SPRINT_FILE = '/ws/.claude/sprints/s.yaml';

/** Every path into `data`, plus a missing child of each, so range fallbacks are compared too. */
export function pathsOf(data: unknown, prefix: YamlPath = [], out: YamlPath[] = []): YamlPath[] {
  out.push(prefix);
  if (Array.isArray(data)) {
    data.forEach((item, i) => pathsOf(item, [...prefix, i], out));
    out.push([...prefix, data.length], [...prefix, 'x']);
  } else if (typeof data === 'object' && data !== null) {
    for (const [key, value] of Object.entries(data)) pathsOf(value, [...prefix, key], out);
    out.push([...prefix, 'zz-missing'], [...prefix, 0]);
  }
  return out;
}

/** Every range query answered the same by both sources. */
export function assertSameRanges(expected: RangedSource, actual: RangedSource, paths: readonly YamlPath[], label: string): void {
  for (const p of paths) {
    assert.deepEqual(actual.valueRange(p), expected.valueRange(p), `${label}: valueRange ${JSON.stringify(p)}`);
    assert.deepEqual(actual.keyRange(p), expected.keyRange(p), `${label}: keyRange ${JSON.stringify(p)}`);
    assert.deepEqual(actual.nearestRange(p), expected.nearestRange(p), `${label}: nearestRange ${JSON.stringify(p)}`);
  }
}

/**
 * Parses `text` whole and chunked; when chunking applies, data, diagnostics and every range
 * must match. Returns whether the chunked path was taken.
 */
export function assertChunkedMatchesWhole(text: string, cache = new SprintChunkCache(), label = 'sprint'): boolean {
  const chunked = cache.parse(SPRINT_FILE, text);
  if (!chunked) return false;
  const whole = parseWholeConfigFile('sprint', SPRINT_FILE, text);
  // The loader's entry point takes the chunked path too, with the same result.
  assert.deepEqual(parseConfigFile('sprint', SPRINT_FILE, text).diagnostics, chunked.diagnostics, 'parseConfigFile');
  assert.equal(JSON.stringify(chunked.source!.data), JSON.stringify(whole.source!.data), `${label}: data (with key order)`);
  assert.deepEqual(chunked.source!.data, whole.source!.data, `${label}: data`);
  assert.deepEqual(sortDiagnostics(chunked.diagnostics), sortDiagnostics(whole.diagnostics), `${label}: diagnostics`);
  assertSameRanges(whole.source!, chunked.source!, pathsOf(whole.source!.data), label);
  return true;
}

function sortDiagnostics<T extends { range: { line: number; column: number }; code: string; message: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}
