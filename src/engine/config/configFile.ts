import * as path from 'node:path';
import type { z } from 'zod';
import { agentFrontmatterSchema, BATON_AGENT_KEY_NAMES, KNOWN_AGENT_KEYS } from '../model/agentSchema';
import { didYouMean } from './didYouMean';
import type { Diagnostic } from '../model/diagnostic';
import { epicFileSchema } from '../model/epicSchema';
import { sprintFileSchema } from '../model/sprintSchema';
import { teamsFileSchema } from '../model/teamsSchema';
import { parseAgentMarkdown } from './agentMarkdown';
import type { ForeignAgentFormat } from './foreignAgents';
import { SprintChunkCache } from './chunkedSprint';
import { schemaDiagnostics } from './schemaIssues';
import type { RangedSource } from './rangedSource';
import { YamlSource } from './yamlSource';

export type ConfigFileKind = 'teams' | 'sprint' | 'epic' | 'agent';

/** The zod schema that is the single source of truth for each YAML file kind. */
export const SCHEMA_BY_KIND: Record<ConfigFileKind, z.ZodType> = {
  teams: teamsFileSchema,
  sprint: sprintFileSchema,
  epic: epicFileSchema,
  agent: agentFrontmatterSchema,
};

const IGNORED_AGENT_FILES = new Set(['readme.md', 'changelog.md', 'license.md', 'contributing.md']);

/** Which kind of Baton file `file` is, judged by where it sits under the config root. */
export function classifyConfigFile(configRoot: string, file: string): ConfigFileKind | undefined {
  const rel = path.relative(configRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  const base = (parts[parts.length - 1] ?? '').toLowerCase();
  if (parts.length === 1 && (base === 'teams.yaml' || base === 'teams.yml')) return 'teams';
  const isYaml = base.endsWith('.yaml') || base.endsWith('.yml');
  if (parts[0] === 'sprints' && parts.length >= 2 && isYaml) return 'sprint';
  if (parts[0] === 'epics' && parts.length >= 2 && isYaml) return 'epic';
  if (parts[0] === 'agents' && parts.length >= 2 && base.endsWith('.md') && !IGNORED_AGENT_FILES.has(base)) return 'agent';
  return undefined;
}

/** One file, parsed and checked on its own: syntax and schema. Cross-file checks come later. */
export interface ParsedConfigFile {
  kind: ConfigFileKind;
  /** Agents only: written in another tool's format (`.github/agents`, `.codex/agents`); absent for Claude Code's. */
  format?: ForeignAgentFormat;
  file: string;
  text: string;
  /** The YAML (for agents: the frontmatter); undefined for an agent file without frontmatter. */
  source?: RangedSource;
  /** Agents only: the markdown instructions. */
  body?: string;
  /** Syntax and schema diagnostics of this file alone. */
  diagnostics: Diagnostic[];
}

/** Parses and schema-checks one file. Never throws. */
export function parseConfigFile(kind: ConfigFileKind, file: string, text: string): ParsedConfigFile {
  // A sprint's tasks are parsed one at a time when the file has the plain shape: the same
  // result as the whole-document parse (a differential test holds it to that), several times
  // faster on big sprints.
  if (kind === 'sprint') return new SprintChunkCache().parse(file, text) ?? parseWholeConfigFile(kind, file, text);
  return parseWholeConfigFile(kind, file, text);
}

/**
 * Parses and schema-checks one file as a single `yaml` Document: the reference behaviour, and
 * what sprints fall back to when they cannot be chunked. Never throws.
 */
export function parseWholeConfigFile(kind: ConfigFileKind, file: string, text: string): ParsedConfigFile {
  if (kind === 'agent') return parseAgentFile(file, text);
  const source = new YamlSource(file, text);
  const diagnostics = [...source.syntaxDiagnostics];
  if (source.data !== undefined && source.data !== null) {
    diagnostics.push(...schemaDiagnostics(source, SCHEMA_BY_KIND[kind]));
  } else if (diagnostics.length === 0) {
    const wrapper = kind === 'teams' ? 'teams' : kind;
    diagnostics.push({
      file,
      range: source.nearestRange([]),
      severity: kind === 'teams' ? 'warning' : 'error',
      code: 'missing-key',
      message: `The file is empty. Start it with \`${wrapper}:\`.`,
      data: { key: wrapper },
    });
  }
  return { kind, file, text, source, diagnostics };
}

function parseAgentFile(file: string, text: string): ParsedConfigFile {
  const md = parseAgentMarkdown(file, text);
  const base = { kind: 'agent' as const, file, text, body: md.body };
  if (!md.frontmatter) {
    return {
      ...base,
      diagnostics: [{
        file,
        range: { line: 1, column: 1, endLine: 1, endColumn: Math.max(2, (text.split('\n')[0] ?? '').length + 1) },
        severity: 'error',
        code: 'agent-no-frontmatter',
        message: 'This agent file has no frontmatter, so no tool can load it. Start the file with `---`, `name: <agent-name>`, `description: …`, `---`.',
      }],
    };
  }
  const source = md.frontmatter;
  const diagnostics = [...source.syntaxDiagnostics, ...md.lenientDiagnostics];
  if (source.syntaxDiagnostics.length === 0) {
    const data = source.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data) || !('name' in data)) {
      diagnostics.push({
        file,
        range: source.nearestRange([]),
        severity: 'error',
        code: 'agent-missing-name',
        message: 'The frontmatter has no `name`, so tasks and teams cannot refer to this agent. Add `name: <agent-name>`.',
      });
    }
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
      for (const d of schemaDiagnostics(source, agentFrontmatterSchema, {
        // Claude Code owns its keys: a value it tolerates is Baton's warning, never an error.
        severity: (p) => (p.length === 0 || p[0] === 'name' || BATON_AGENT_KEY_NAMES.has(String(p[0])) ? 'error' : 'warning'),
      })) {
        if (d.code === 'missing-key' && d.data?.key === 'name') continue;
        diagnostics.push(d);
      }
      for (const key of Object.keys(data)) {
        if (KNOWN_AGENT_KEYS.has(key)) continue;
        const suggestion = didYouMean(key, KNOWN_AGENT_KEYS);
        const range = source.keyRange([key]) ?? source.nearestRange([]);
        diagnostics.push({
          file,
          range,
          severity: 'warning',
          code: 'agent-unknown-key',
          message: `Neither Claude Code nor Baton knows the key \`${key}\`; it is kept but ignored.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          ...(suggestion ? { fix: { title: `Rename to \`${suggestion}\``, edits: [{ file, range, newText: suggestion }] }, data: { suggestion } } : {}),
        });
      }
      if (!('description' in data)) {
        diagnostics.push({
          file,
          range: source.keyRange(['name']) ?? source.nearestRange([]),
          severity: 'warning',
          code: 'agent-missing-description',
          message: 'No `description`: Claude Code requires one to decide when to use this agent. Add `description: …`.',
        });
      }
    }
  }
  return { ...base, source, diagnostics };
}
