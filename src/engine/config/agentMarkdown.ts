import { KNOWN_AGENT_KEYS } from '../model/agentSchema';
import type { Diagnostic } from '../model/diagnostic';
import { YamlSource } from './yamlSource';

export interface AgentMarkdown {
  /** The frontmatter as YAML, with lines numbered as in the file; undefined when there is none. */
  frontmatter?: YamlSource;
  body: string;
  /** Frontmatter lines that needed the lenient reading (see below). */
  lenientDiagnostics: Diagnostic[];
}

/** Splits an agent `.md` file into its YAML frontmatter and markdown body. */
export function parseAgentMarkdown(file: string, text: string): AgentMarkdown {
  const split = splitFrontmatter(text);
  if (!split) return { body: text, lenientDiagnostics: [] };
  const { yamlText, body } = split;
  const strict = new YamlSource(file, yamlText, 1);
  if (strict.syntaxDiagnostics.length === 0) return { frontmatter: strict, body, lenientDiagnostics: [] };

  // Public agent libraries are full of descriptions like `description: Use when: …` with
  // unquoted colons or unindented continuation lines. Strict YAML rejects them; Claude Code
  // still registers many of them. Read such entries as plain strings, and say so.
  const repaired = repairFrontmatter(yamlText);
  if (!repaired) return { frontmatter: strict, body, lenientDiagnostics: [] };
  const lenient = new YamlSource(file, repaired.text, 1);
  if (lenient.syntaxDiagnostics.length > 0 || typeof lenient.data !== 'object' || lenient.data === null) {
    return { frontmatter: strict, body, lenientDiagnostics: [] };
  }
  const data = lenient.data as Record<string, unknown>;
  for (const [key, raw] of repaired.rawValues) data[key] = raw;
  const lenientDiagnostics = [...repaired.rawValues.keys()].map((key): Diagnostic => ({
    file,
    range: lenient.keyRange([key]) ?? lenient.nearestRange([key]),
    severity: 'warning',
    code: 'agent-frontmatter-lenient',
    message: `\`${key}\` is not valid YAML (${strict.syntaxDiagnostics[0]?.message.replace(/^YAML syntax error: /, '').replace(/\. Fix the YAML at this position\.$/, '') ?? 'syntax error'}); Baton read it as plain text. Quote the value or use a block scalar (\`${key}: |\`) so every YAML tool reads it the same way.`,
  }));
  return { frontmatter: lenient, body, lenientDiagnostics };
}

/** The text between a first line `---` and the next line `---` (or `...`), and what follows. */
function splitFrontmatter(text: string): { yamlText: string; body: string } | undefined {
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const firstBreak = content.indexOf('\n');
  if (firstBreak < 0 || content.slice(0, firstBreak).trimEnd() !== '---') return undefined;
  let lineStart = firstBreak + 1;
  while (lineStart <= content.length) {
    let lineEnd = content.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = content.length;
    const line = content.slice(lineStart, lineEnd).trimEnd();
    if (line === '---' || line === '...') {
      return { yamlText: content.slice(firstBreak + 1, lineStart).replace(/\r?\n$/, ''), body: content.slice(Math.min(lineEnd + 1, content.length)) };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

interface Repaired {
  text: string;
  /** Entries rewritten as quoted strings, with their original text. */
  rawValues: Map<string, string>;
}

const ENTRY = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+|$)(.*)$/;

/**
 * Rewrites each top-level entry that is not valid YAML on its own into a single-quoted,
 * multi-line flow scalar. Line count and line starts are kept so diagnostics keep their lines.
 * Only known agent keys start an entry: `Context:` or `user:` inside a description stays text.
 */
function repairFrontmatter(yamlText: string): Repaired | undefined {
  const lines = yamlText.split(/\r?\n/);
  const entries: { key: string; start: number; end: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ENTRY.exec(lines[i]!);
    if (m && KNOWN_AGENT_KEYS.has(m[1]!)) entries.push({ key: m[1]!, start: i, end: i + 1 });
    else if (entries.length) entries[entries.length - 1]!.end = i + 1;
  }
  if (!entries.length) return undefined;
  const rawValues = new Map<string, string>();
  const out = lines.slice(0, entries[0]!.start);
  for (const entry of entries) {
    const chunk = lines.slice(entry.start, entry.end);
    if (new YamlSource('', chunk.join('\n')).syntaxDiagnostics.length === 0) {
      out.push(...chunk);
      continue;
    }
    const first = ENTRY.exec(chunk[0]!)!;
    const valueLines = [first[2] ?? '', ...chunk.slice(1)];
    rawValues.set(entry.key, valueLines.join('\n').trim());
    const quoted = valueLines.map((l) => l.replace(/'/g, "''"));
    out.push(`${entry.key}: '${quoted[0]}`, ...quoted.slice(1).map((l) => ` ${l}`));
    out[out.length - 1] += "'";
  }
  return rawValues.size ? { text: out.join('\n'), rawValues } : undefined;
}
