import * as path from 'node:path';
import type { z } from 'zod';
import { BATON_AGENT_KEY_NAMES } from '../model/agentSchema';
import type { Diagnostic } from '../model/diagnostic';
import { codexAgentSchema, KNOWN_CODEX_AGENT_KEYS, KNOWN_VSCODE_AGENT_KEYS, vscodeAgentSchema } from '../model/foreignAgentSchemas';
import { parseAgentMarkdown } from './agentMarkdown';
import type { ParsedConfigFile } from './configFile';
import { didYouMean } from './didYouMean';
import type { RangedSource } from './rangedSource';
import { schemaDiagnostics } from './schemaIssues';
import { TomlSource } from './tomlSource';

/** Agent files in other tools' formats that Baton loads as agents too. */
export type ForeignAgentFormat = 'vscode' | 'codex';

/** Where they live, relative to the workspace root. */
export const FOREIGN_AGENT_DIRS: Readonly<Record<ForeignAgentFormat, string>> = { vscode: '.github/agents', codex: '.codex/agents' };

/** Which foreign format `file` is in, judged by where it sits under the workspace root. */
export function classifyForeignAgentFile(root: string, file: string): ForeignAgentFormat | undefined {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith(`${FOREIGN_AGENT_DIRS.vscode}/`) && rel.toLowerCase().endsWith('.agent.md')) return 'vscode';
  if (rel.startsWith(`${FOREIGN_AGENT_DIRS.codex}/`) && !rel.slice(FOREIGN_AGENT_DIRS.codex.length + 1).includes('/') && rel.toLowerCase().endsWith('.toml')) return 'codex';
  return undefined;
}

/**
 * VS Code's built-in tool names and tool sets, as Claude Code's tools: what an agent restricted
 * to `[read, search]` in VS Code may use when Claude Code runs it.
 */
export const VSCODE_TOOLS: Readonly<Record<string, readonly string[]>> = {
  read: ['Read'], readFile: ['Read'], codebase: ['Read', 'Grep', 'Glob'],
  search: ['Grep', 'Glob'], textSearch: ['Grep'], fileSearch: ['Glob'],
  edit: ['Edit', 'Write', 'NotebookEdit'], editFiles: ['Edit', 'Write'], createFile: ['Write'],
  execute: ['Bash'], runCommands: ['Bash'], runInTerminal: ['Bash'], terminal: ['Bash'], runTasks: ['Bash'],
  fetch: ['WebFetch'], web: ['WebFetch', 'WebSearch'], websearch: ['WebSearch'],
  agent: ['Task'], runSubagent: ['Task'],
};

/** VS Code keys that do nothing in Baton, and why (the validator says so: no inert config). */
const VSCODE_NO_EFFECT: Readonly<Record<string, string>> = {
  handoffs: "Baton's handoffs follow the sprint's dependencies",
  target: 'Baton runs the agent with its `runner`',
  'argument-hint': 'Baton writes the whole prompt',
  'user-invocable': 'Baton starts agents from sprints',
  'disable-model-invocation': 'Baton starts agents from sprints',
  infer: 'Baton starts agents from sprints',
  agents: 'subagents are up to the agent CLI',
  'mcp-servers': "configure MCP servers in the agent CLI's own settings",
  metadata: 'it is only shown by GitHub',
  hooks: "configure hooks in the agent CLI's own settings",
};

const CODEX_NO_EFFECT: Readonly<Record<string, string>> = {
  nickname_candidates: 'Baton names agents by `name`',
  mcp_servers: "configure MCP servers in codex's config.toml",
  web_search: "configure web search in codex's config.toml",
  skills: "configure skills in codex's config.toml",
};

/** Parses and schema-checks one VS Code or Codex agent file. Never throws. */
export function parseForeignAgentFile(format: ForeignAgentFormat, file: string, text: string): ParsedConfigFile {
  if (format === 'codex') {
    const source = new TomlSource(file, text);
    const data = source.data as Record<string, unknown> | undefined;
    const diagnostics = [...source.syntaxDiagnostics, ...(data ? checkKeys(source, data, codexAgentSchema, KNOWN_CODEX_AGENT_KEYS, CODEX_NO_EFFECT, 'Codex') : [])];
    if (data && typeof data.runner === 'string' && data.runner !== 'codex' && data.model_reasoning_effort !== undefined) {
      diagnostics.push(noEffect(source, 'model_reasoning_effort', `only the codex runner passes a reasoning effort; this agent runs on \`${data.runner}\``));
    }
    return { kind: 'agent', format, file, text, source, body: typeof data?.developer_instructions === 'string' ? data.developer_instructions : '', diagnostics };
  }
  const md = parseAgentMarkdown(file, text);
  if (!md.frontmatter) return { kind: 'agent', format, file, text, body: md.body, diagnostics: [] };
  const source = md.frontmatter;
  const data = typeof source.data === 'object' && source.data !== null && !Array.isArray(source.data) ? (source.data as Record<string, unknown>) : undefined;
  const diagnostics = [...source.syntaxDiagnostics, ...(data ? checkKeys(source, data, vscodeAgentSchema, KNOWN_VSCODE_AGENT_KEYS, VSCODE_NO_EFFECT, 'VS Code') : [])];
  if (data) diagnostics.push(...vscodeToolsAndModel(source, data));
  return { kind: 'agent', format, file, text, source, body: md.body, diagnostics };
}

/** Schema issues (the format's own keys only warn: its tool owns them), unknown keys, keys with no effect. */
function checkKeys(source: RangedSource, data: Record<string, unknown>, schema: z.ZodType, known: ReadonlySet<string>, noEffectKeys: Readonly<Record<string, string>>, owner: string): Diagnostic[] {
  const out = schemaDiagnostics(source, schema, { severity: (p) => (p.length === 0 || p[0] === 'name' || BATON_AGENT_KEY_NAMES.has(String(p[0])) ? 'error' : 'warning') });
  for (const key of Object.keys(data)) {
    if (noEffectKeys[key]) out.push(noEffect(source, key, noEffectKeys[key]));
    if (known.has(key)) continue;
    const suggestion = didYouMean(key, known);
    out.push({
      file: source.file, range: source.keyRange([key]) ?? source.nearestRange([]), severity: 'warning', code: 'agent-unknown-key',
      message: `Neither ${owner} nor Baton knows the key \`${key}\`; it is kept but ignored.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
    });
  }
  return out;
}

function noEffect(source: RangedSource, key: string, why: string): Diagnostic {
  return { file: source.file, range: source.keyRange([key]) ?? source.nearestRange([]), severity: 'warning', code: 'agent-key-no-effect', message: `\`${key}\` has no effect when Baton runs this agent: ${why}.` };
}

/** Tools Baton cannot map onto Claude Code's, and VS Code model names, say they are dropped. */
function vscodeToolsAndModel(source: RangedSource, data: Record<string, unknown>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const dropped = toolList(data.tools).filter((t) => !VSCODE_TOOLS[t] && !isClaudeTool(t));
  if (dropped.length) {
    const names = dropped.map((t) => `\`${t}\``).join(', ');
    out.push({
      file: source.file, range: source.keyRange(['tools']) ?? source.nearestRange([]), severity: 'warning', code: 'agent-key-no-effect',
      message: `In \`tools\`, ${names} ${dropped.length === 1 ? 'has' : 'have'} no effect when Baton runs this agent: only VS Code's built-in tools map onto Claude Code's (MCP tools come from the agent CLI's own MCP settings).`,
    });
  }
  if (data.model !== undefined && vscodeModelId(data.model) === undefined) {
    out.push(noEffect(source, 'model', 'it names VS Code models (e.g. `Claude Sonnet 4 (copilot)`), not a model id the agent CLI takes; write an id such as `claude-sonnet-4-5`'));
  }
  return out;
}

/**
 * The frontmatter a VS Code or Codex agent file amounts to in Claude Code's format, which the
 * resolver and the runners read: names, tools and modes mapped, the rest kept as written.
 */
export function normalizedAgentData(format: ForeignAgentFormat, file: string, data: Record<string, unknown>): Record<string, unknown> {
  if (format === 'codex') {
    const out: Record<string, unknown> = { ...data, runner: data.runner ?? 'codex' };
    const mode = { 'read-only': 'plan', 'workspace-write': 'acceptEdits', 'danger-full-access': 'bypassPermissions' }[String(data.sandbox_mode)];
    if (mode && out.permissionMode === undefined) out.permissionMode = mode;
    return out;
  }
  const out: Record<string, unknown> = { ...data, name: data.name ?? path.basename(file).replace(/\.agent\.md$/i, '') };
  const tools = toolList(data.tools);
  if (tools.length) out.tools = [...new Set(tools.flatMap((t) => VSCODE_TOOLS[t] ?? (isClaudeTool(t) ? [t] : [])))];
  const model = vscodeModelId(data.model);
  if (model) out.model = model;
  else delete out.model;
  return out;
}

function toolList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((t) => t.trim()).filter(Boolean);
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string').map((t) => t.trim()).filter(Boolean) : [];
}

/** Claude Code's own tool names may be written in a VS Code file too (`Bash`, `Read`, `Bash(npm test)`). */
function isClaudeTool(tool: string): boolean {
  return /^[A-Z][A-Za-z]+(\(.*\))?$/.test(tool);
}

/** A model id (no spaces or parentheses) from VS Code's `model`, first of a list; undefined for display names. */
function vscodeModelId(value: unknown): string | undefined {
  const candidates = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return candidates.find((m): m is string => typeof m === 'string' && /^[\w.:/-]+$/.test(m.trim()))?.trim();
}
