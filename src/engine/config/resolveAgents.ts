import * as path from 'node:path';
import { RUNNER_KINDS, type RunnerKind } from '../model/agentSchema';
import type { Agent } from '../model/workspace';
import { toArgv } from '../util/splitCommandLine';
import type { ParsedConfigFile } from './configFile';
import { type DiagnosticSink, locationOf } from './diagnosticSink';
import { asCommaList, asNonEmptyString, asNumber, asRecord, asString, asStringList } from '../util/lenient';
import { normalizedAgentData } from './foreignAgents';
import { isInside } from './pathConfinement';
import type { PathProbe } from './pathProbe';

/** True when the script exists and its real path (symlinks resolved) is outside the real workspace root. */
function escapesThroughSymlink(ctx: AgentContext, absolute: string): boolean {
  const real = ctx.probe?.realpath(absolute);
  const root = ctx.probe?.realpath(ctx.root) ?? ctx.root;
  return real !== undefined && !isInside(root, real);
}

export interface AgentResolution {
  agents: Map<string, Agent>;
  /** Files declaring each agent name (more than one is a duplicate). */
  declarations: Map<string, ParsedConfigFile[]>;
  /** Base names (without `.md`) of agent files whose frontmatter could not be read: a reference to such a name is probably that file. */
  unreadableStems: Set<string>;
}

export interface AgentContext {
  root: string;
  defaultRunner: RunnerKind;
  fileExists: (absolute: string) => boolean;
  /** Resolves symlinks: a script is checked where it really is. */
  probe?: PathProbe;
}

/** Builds agents from their markdown files and reports duplicates and incomplete runner settings. */
export function resolveAgents(files: readonly ParsedConfigFile[], ctx: AgentContext, sink: DiagnosticSink): AgentResolution {
  const agents = new Map<string, Agent>();
  const declarations = new Map<string, ParsedConfigFile[]>();
  const unreadableStems = new Set<string>();
  for (const file of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    const raw = asRecord(file.source?.data);
    // VS Code and Codex agent files amount to Claude Code frontmatter once their keys are mapped.
    const data = raw && file.format ? normalizedAgentData(file.format, file.file, raw) : raw;
    const name = asNonEmptyString(data?.name);
    if (!file.source || !data || !name) {
      if (file.source && file.source.syntaxDiagnostics.length > 0) unreadableStems.add(path.basename(file.file).replace(/(\.agent)?\.(md|toml)$/i, ''));
      continue;
    }
    declarations.set(name, [...(declarations.get(name) ?? []), file]);
    if (agents.has(name)) continue;
    agents.set(name, buildAgent(file, data, name, ctx, sink));
  }
  for (const [name, decl] of declarations) {
    if (decl.length < 2) continue;
    const others = (f: ParsedConfigFile) => decl.filter((d) => d !== f).map((d) => path.relative(ctx.root, d.file)).join(', ');
    for (const f of decl) {
      sink.add(f.source!, ['name'], 'error', 'duplicate-agent-name',
        `Agent \`${name}\` is also declared in ${others(f)}; Claude Code would silently let one overwrite the other. Rename one of them.`,
        { data: { name, files: decl.map((d) => d.file) } });
    }
  }
  return { agents, declarations, unreadableStems };
}

function buildAgent(file: ParsedConfigFile, data: Record<string, unknown>, name: string, ctx: AgentContext, sink: DiagnosticSink): Agent {
  const source = file.source!;
  const runnerRaw = asString(data.runner);
  const runner: RunnerKind = runnerRaw && (RUNNER_KINDS as readonly string[]).includes(runnerRaw) ? (runnerRaw as RunnerKind) : ctx.defaultRunner;
  const agent: Agent = {
    name,
    file: file.file,
    location: locationOf(source, ['name']),
    description: asString(data.description) ?? '',
    tools: asCommaList(data.tools),
    disallowedTools: asCommaList(data.disallowedTools),
    runner,
    owns: asStringList(data.owns),
    forbidden: asStringList(data.forbidden),
    specialties: asStringList(data.specialties),
    env: asStringList(data.env),
    body: file.body ?? '',
    frontmatter: data,
  };
  const model = asString(data.model);
  if (model) agent.model = model;
  const role = asString(data.role);
  if (role) agent.role = role;
  const timeout = asNumber(data.timeout);
  if (timeout !== undefined) agent.timeoutSeconds = timeout;

  if (data.command !== undefined) {
    try {
      const argv = toArgv(typeof data.command === 'string' ? data.command : asStringList(data.command));
      if (argv.length) agent.command = argv;
    } catch (error) {
      sink.add(source, ['command'], 'error', 'bad-format', `${(error as Error).message}. Close the quote, or write \`command\` as a list of arguments.`);
    }
  }
  const script = asNonEmptyString(data.script);
  if (script) {
    const absolute = path.resolve(ctx.root, script);
    if (!isInside(ctx.root, absolute)) {
      sink.add(source, ['script'], 'error', 'path-outside-workspace', `\`script\` points outside the workspace (${script}); Baton only runs scripts inside it. Move the script into the repository.`);
    } else if (escapesThroughSymlink(ctx, absolute)) {
      // Safety: the lexical check above is not enough — `scripts/agent.sh` may be a symlink to
      // anywhere, and the engine would run it with the agent's environment.
      sink.add(source, ['script'], 'error', 'path-outside-workspace', `\`script\` \`${script}\` is a symlink (or inside one) that leads out of the workspace, to ${ctx.probe!.realpath(absolute)}; Baton only runs scripts that really live inside it. Copy the script into the repository instead of linking to it.`);
    } else {
      agent.script = absolute;
      if (!ctx.fileExists(absolute)) {
        sink.add(source, ['script'], 'error', 'script-not-found', `Script \`${script}\` does not exist (paths are relative to the workspace root). Create it or fix the path.`);
      }
    }
  }
  if (runner === 'command' && !agent.command && data.command === undefined) {
    sink.add(source, data.runner !== undefined ? ['runner'] : ['name'], 'error', 'agent-runner-incomplete', '`runner: command` needs a `command` (an argv template with {prompt_file}, {task_id}, {worktree}). Add one.');
  }
  if (runner === 'script' && !script) {
    sink.add(source, data.runner !== undefined ? ['runner'] : ['name'], 'error', 'agent-runner-incomplete', '`runner: script` needs a `script` path relative to the workspace root. Add one.');
  }
  return agent;
}
