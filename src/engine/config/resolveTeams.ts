import type { WorktreeStrategy } from '../model/common';
import type { Team, TeamMember, WorkspaceSettings } from '../model/workspace';
import type { RunnerKind } from '../model/agentSchema';
import { formatByteSize, parseByteSize } from '../util/byteSize';
import { toArgv } from '../util/splitCommandLine';
import type { ParsedConfigFile } from './configFile';
import { type DiagnosticSink, locationOf } from './diagnosticSink';
import { resolveSubscriptions } from './resolveSubscriptions';
import { asArray, asBoolean, asNonEmptyString, asNumber, asPositiveInt, asRecord, asString, asStringList, type Raw } from '../util/lenient';
import type { YamlPath } from './yamlSource';
import { DEFAULT_ESTIMATE_UNIT, ESTIMATE_UNITS, type EstimateUnit } from '../../shared/estimates';

const STRATEGIES = new Set(['task_level', 'sprint_level', 'team_level', 'epic_level']);
const RUNNERS = new Set(['claude-code', 'codex', 'gemini', 'aider', 'command', 'script']);
const SANDBOX = new Set(['auto', 'required', 'off']);

/** An agent reference found in teams.yaml, checked once all agents are known. */
export interface TeamAgentRef {
  agent: string;
  path: YamlPath;
}

export interface TeamResolution {
  teams: Map<string, Team>;
  settings: WorkspaceSettings;
  agentRefs: TeamAgentRef[];
}

/** Reads workspace settings with their defaults. */
export function resolveSettings(raw: Raw | undefined): WorkspaceSettings {
  const wt = asRecord(raw?.worktrees);
  const strategy = asString(raw?.worktree_strategy);
  const runner = asString(raw?.default_runner);
  const settings: WorkspaceSettings = {
    defaultRunner: runner && RUNNERS.has(runner) ? (runner as RunnerKind) : 'claude-code',
    worktreeStrategy: strategy && STRATEGIES.has(strategy) ? (strategy as WorktreeStrategy) : 'task_level',
    worktrees: {
      copy: asStringList(wt?.copy),
      symlink: asStringList(wt?.symlink),
      keepFailed: asBoolean(wt?.keep_failed) ?? true,
    },
    taskTimeoutSeconds: asNumber(raw?.task_timeout) ?? 3600,
    stallTimeoutSeconds: asNumber(raw?.stall_timeout) ?? 600,
    maxRetries: asNumber(raw?.max_retries) ?? 2,
    executables: resolveExecutables(asRecord(raw?.runners)),
    prices: resolvePrices(asRecord(raw?.prices)),
    maxQuestionsPerTask: asNumber(raw?.max_questions_per_task) ?? 5,
    sandbox: SANDBOX.has(asString(raw?.sandbox) ?? '') ? (asString(raw?.sandbox) as WorkspaceSettings['sandbox']) : 'auto',
    maxAgentLogBytes: agentLogLimit(raw?.max_agent_log_size) ?? DEFAULT_AGENT_LOG_BYTES,
    estimateUnit: (ESTIMATE_UNITS as readonly string[]).includes(asString(raw?.estimate_unit) ?? '') ? (raw!.estimate_unit as EstimateUnit) : DEFAULT_ESTIMATE_UNIT,
  };
  const max = asPositiveInt(raw?.max_parallel_agents);
  if (max !== undefined) settings.maxParallelAgents = max;
  const base = asNonEmptyString(raw?.base_branch);
  if (base) settings.baseBranch = base;
  const location = asNonEmptyString(wt?.location);
  if (location) settings.worktrees.location = location;
  try {
    const setup = wt?.setup;
    if (typeof setup === 'string' || Array.isArray(setup)) settings.worktrees.setup = toArgv(typeof setup === 'string' ? setup : asStringList(setup));
  } catch {
    // Reported by the schema check of the command line; no setup then.
  }
  return settings;
}

/** `settings.runners`: the executable per agent CLI (paths are made absolute by the workspace resolver). */
function resolveExecutables(raw: Raw | undefined): Partial<Record<RunnerKind, string>> {
  const out: Partial<Record<RunnerKind, string>> = {};
  for (const kind of ['claude-code', 'codex', 'gemini', 'aider'] as const) {
    const executable = asNonEmptyString(asRecord(raw?.[kind])?.executable);
    if (executable) out[kind] = executable;
  }
  return out;
}

/** `settings.prices`: entries with valid input and output prices (the schema reports the rest). */
function resolvePrices(raw: Raw | undefined): WorkspaceSettings['prices'] {
  const out: WorkspaceSettings['prices'] = {};
  for (const [model, value] of Object.entries(raw ?? {})) {
    const entry = asRecord(value);
    const input = asNumber(entry?.input);
    const output = asNumber(entry?.output);
    if (input === undefined || output === undefined || input < 0 || output < 0) continue;
    const cacheRead = asNumber(entry?.cache_read);
    const cacheWrite = asNumber(entry?.cache_write);
    out[model] = { input, output, ...(cacheRead !== undefined ? { cacheRead } : {}), ...(cacheWrite !== undefined ? { cacheWrite } : {}) };
  }
  return out;
}

/** `settings.max_agent_log_size` when unset: 50 MB. */
export const DEFAULT_AGENT_LOG_BYTES = 50 * 1024 * 1024;
/** Below this a log could not keep a useful head and tail. */
export const MIN_AGENT_LOG_BYTES = 64 * 1024;

function agentLogLimit(raw: unknown): number | undefined {
  const bytes = parseByteSize(raw);
  return bytes !== undefined && bytes >= MIN_AGENT_LOG_BYTES ? bytes : undefined;
}

/** Builds teams from teams.yaml; reports duplicate members and unknown events. */
export function resolveTeams(file: ParsedConfigFile | undefined, sink: DiagnosticSink): TeamResolution {
  const data = asRecord(file?.source?.data);
  const settings = resolveSettings(asRecord(data?.settings));
  const logSize = asRecord(data?.settings)?.max_agent_log_size;
  const logBytes = parseByteSize(logSize);
  if (file?.source && logBytes !== undefined && logBytes < MIN_AGENT_LOG_BYTES) {
    sink.add(file.source, ['settings', 'max_agent_log_size'], 'error', 'out-of-range', `\`max_agent_log_size\` is ${formatByteSize(logBytes)}; an agent log needs at least 64KB to keep its beginning and end. Write at least \`64KB\` (the default is \`50MB\`).`);
  }
  const teams = new Map<string, Team>();
  const agentRefs: TeamAgentRef[] = [];
  const source = file?.source;
  if (!source || !data) return { teams, settings, agentRefs };
  if (asRecord(data.settings)?.sandbox !== undefined) settings.sandboxAt = locationOf(source, ['settings', 'sandbox'], true);
  for (const [id, rawTeam] of Object.entries(asRecord(data.teams) ?? {})) {
    const t = asRecord(rawTeam);
    if (!t) continue;
    const base: YamlPath = ['teams', id];
    const teamSettings = asRecord(t.settings);
    const strategy = asString(teamSettings?.worktree_strategy);
    const team: Team = {
      id,
      name: asString(t.name) ?? id,
      members: [],
      capabilities: asStringList(t.capabilities),
      subscriptions: [],
      autoAssign: asBoolean(teamSettings?.auto_assign) ?? true,
      requireReview: asBoolean(teamSettings?.require_review) ?? false,
      worktreeStrategy: strategy && STRATEGIES.has(strategy) ? (strategy as WorktreeStrategy) : settings.worktreeStrategy,
      location: locationOf(source, base, true),
    };
    const orchestrator = t.orchestrator;
    const orchestratorRecord = asRecord(orchestrator);
    const orchestratorAgent = asNonEmptyString(orchestratorRecord ? orchestratorRecord.agent : orchestrator);
    if (orchestratorAgent) {
      const at: YamlPath = orchestratorRecord ? [...base, 'orchestrator', 'agent'] : [...base, 'orchestrator'];
      team.orchestrator = { agent: orchestratorAgent, location: locationOf(source, at) };
      const model = asString(orchestratorRecord?.model);
      if (model) team.orchestrator.model = model;
      agentRefs.push({ agent: orchestratorAgent, path: at });
    }
    const max = asPositiveInt(teamSettings?.max_parallel_agents) ?? asPositiveInt(t.max_parallel_agents) ?? asPositiveInt(orchestratorRecord?.max_parallel_agents);
    if (max !== undefined) team.maxParallelAgents = max;

    const seen = new Map<string, YamlPath>();
    asArray(t.members).forEach((rawMember, i) => {
      const m = asRecord(rawMember);
      const agent = asNonEmptyString(m ? m.agent : rawMember);
      if (!agent) return;
      const at: YamlPath = m ? [...base, 'members', i, 'agent'] : [...base, 'members', i];
      if (seen.has(agent)) {
        sink.add(source, at, 'error', 'duplicate-member', `\`${agent}\` is listed twice in team \`${id}\`. Remove one entry (raise \`capacity\` to let it run more tasks).`);
        return;
      }
      seen.set(agent, at);
      agentRefs.push({ agent, path: at });
      const member: TeamMember = {
        agent,
        capacity: asPositiveInt(m?.capacity) ?? 1,
        specialties: asStringList(m?.specialties),
        location: locationOf(source, at),
      };
      const role = asString(m?.role);
      if (role) member.role = role;
      team.members.push(member);
    });
    const subs = resolveSubscriptions(t.subscriptions, [...base, 'subscriptions'], source, sink);
    team.subscriptions = subs.subscriptions;
    for (const ref of subs.assignees) {
      agentRefs.push(ref);
      if (!seen.has(ref.agent)) {
        sink.add(source, ref.path, 'error', 'assignee-not-in-team', `\`${ref.agent}\` is not a member of team \`${id}\`, which the tasks of this subscription belong to. Add it to \`members\`, or leave \`assignee\` out and Baton picks a member.`);
      }
    }
    teams.set(id, team);
  }
  return { teams, settings, agentRefs };
}
