import * as path from 'node:path';
import type { Diagnostic } from '../model/diagnostic';
import type { Epic, Sprint, Workspace } from '../model/workspace';
import type { CompiledTask } from '../patterns/compiledTask';
import type { ParsedConfigFile } from './configFile';
import { didYouMean } from './didYouMean';
import { asNonEmptyString, asRecord, asStringList } from '../util/lenient';
import { DiagnosticSink } from './diagnosticSink';
import type { TeamAgentRef } from './resolveTeams';
import type { SprintEntry } from './resolveSprints';
import type { RangedSource, YamlPath } from './rangedSource';

export interface CrossCheckInput {
  workspace: Workspace;
  sprintEntries: Map<string, SprintEntry>;
  epicSources: Map<string, { epic: Epic; source: RangedSource }>;
  teamsFile?: ParsedConfigFile;
  teamAgentRefs: TeamAgentRef[];
  /** Agent files (by base name) that could not be read: a reference to one is only a warning. */
  unreadableAgentStems: Set<string>;
  /** Kept between calls by the language server (see {@link CrossCheckMemo}). */
  memo?: CrossCheckMemo;
}

/** One sprint's task reference checks as last done: for which workspace, of which tasks, with what result. */
interface SprintRefs {
  context: string;
  compiled: readonly CompiledTask[];
  diagnostics: (readonly Diagnostic[])[];
}

/**
 * What {@link crossCheck} keeps between calls for one workspace: per sprint file, each task's
 * reference diagnostics. A task that is the same object as last time, checked against the
 * same agents and teams, keeps them; an edit re-checks the tasks it changed.
 */
export class CrossCheckMemo {
  #sprints = new Map<string, SprintRefs>();

  /** Last call's results for `file`, replaced by this call's. */
  swap(file: string, next: SprintRefs): SprintRefs | undefined {
    const last = this.#sprints.get(file);
    this.#sprints.set(file, next);
    return last;
  }

  /** Forgets sprint files not in `files`. */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.#sprints.keys()) if (!files.has(file)) this.#sprints.delete(file);
  }
}

const NONE: readonly Diagnostic[] = Object.freeze([]);

/** References between files: agents, teams, sprints, epics; and agents no team uses. */
export function crossCheck(input: CrossCheckInput, sink: DiagnosticSink): void {
  const { workspace } = input;
  const agentNames = [...workspace.agents.keys()];
  const teamIds = [...workspace.teams.keys()];
  const used = new Set<string>();

  const unknownIn = (target: DiagnosticSink): Unknown => (source, path, kind, name, candidates, context) => {
    const suggestion = didYouMean(name, candidates);
    const unreadable = kind === 'agent' && input.unreadableAgentStems.has(name);
    const fixText = unreadable ? ` \`agents/${name}.md\` exists but its frontmatter could not be read; fix that file.` : kind === 'agent' ? ` Create \`agents/${name}.md\` or fix the name.` : ` Fix the ${kind} id.`;
    target.add(source, path, unreadable ? 'warning' : 'error', `unknown-${kind}`,
      `${context} \`${name}\` is not a known ${kind}.${suggestion ? ` Did you mean \`${suggestion}\`?` : fixText}`,
      { data: { name, kind, ...(suggestion ? { suggestion } : {}) }, ...(suggestion ? { fix: DiagnosticSink.replaceFix(source, path, suggestion, `Change to \`${suggestion}\``)! } : {}) });
  };
  const unknown = unknownIn(sink);

  const teamsSource = input.teamsFile?.source;
  for (const ref of input.teamAgentRefs) {
    used.add(ref.agent);
    if (!workspace.agents.has(ref.agent) && teamsSource) unknown(teamsSource, ref.path, 'agent', ref.agent, agentNames, 'Agent');
  }

  const refsContext = input.memo ? JSON.stringify([agentNames, [...workspace.teams.values()].map((t) => [t.id, t.members.map((m) => m.agent)]), [...input.unreadableAgentStems]]) : '';
  for (const { sprint, source, compiled } of input.sprintEntries.values()) {
    const body = asRecord(asRecord(source.data)?.sprint);
    const primary = asNonEmptyString(body?.primary_agent);
    if (primary && !workspace.agents.has(primary)) unknown(source, ['sprint', 'primary_agent'], 'agent', primary, agentNames, 'Agent');
    asStringList(body?.reviewer_agents).forEach((reviewer, i) => {
      if (!workspace.agents.has(reviewer)) unknown(source, ['sprint', 'reviewer_agents', i], 'agent', reviewer, agentNames, 'Agent');
    });
    sprint.teams.forEach((team, i) => {
      if (!workspace.teams.has(team)) unknown(source, ['sprint', 'teams', i], 'team', team, teamIds, 'Team');
    });
    if (sprint.epic && !workspace.epics.has(sprint.epic) && workspace.epics.size > 0) {
      unknown(source, ['sprint', 'epic'], 'epic', sprint.epic, [...workspace.epics.keys()], 'Epic');
    }
    if (!input.memo) {
      for (const c of compiled) checkTaskRefs(c, sprint, { workspace, source, sink, unknown, agentNames, teamIds });
      continue;
    }
    // A task's checks read the agents and teams (with members) and whether the sprint names teams.
    const context = `${refsContext}\0${sprint.teams.length > 0}`;
    const next: SprintRefs = { context, compiled, diagnostics: new Array(compiled.length) };
    const last = input.memo.swap(sprint.file, next);
    const reusable = last?.context === context ? last : undefined;
    compiled.forEach((c, i) => {
      let list = reusable ? reusableRefs(reusable.compiled[i], reusable.diagnostics[i], c) : undefined;
      if (!list) {
        const taskSink = new DiagnosticSink();
        checkTaskRefs(c, sprint, { workspace, source, sink: taskSink, unknown: unknownIn(taskSink), agentNames, teamIds });
        list = taskSink.diagnostics.length > 0 ? taskSink.diagnostics : NONE;
      }
      next.diagnostics[i] = list;
      for (const d of list) sink.diagnostics.push(d);
    });
  }
  input.memo?.retain(new Set([...input.sprintEntries.values()].map((e) => e.sprint.file)));

  for (const { epic, source } of input.epicSources.values()) {
    epic.sprints.forEach((s, i) => {
      if (!workspace.sprints.has(s)) unknown(source, ['epic', 'sprints', i], 'sprint', s, [...workspace.sprints.keys()], 'Sprint');
    });
    epic.dependencies.forEach((d, i) => {
      if (d === epic.id) sink.add(source, ['epic', 'dependencies', i], 'error', 'self-dependency', `Epic \`${d}\` depends on itself. Remove this dependency.`);
      else if (!workspace.epics.has(d)) unknown(source, ['epic', 'dependencies', i], 'epic', d, [...workspace.epics.keys()], 'Epic');
    });
  }

  if (teamsSource && workspace.teams.size > 0) reportUnusedAgents(workspace, used, sink);
}

function reportUnusedAgents(workspace: Workspace, used: Set<string>, sink: DiagnosticSink): void {
  for (const agent of workspace.agents.values()) {
    // VS Code's and Codex's agent folders serve those tools first: only Baton's own agents must be used.
    if (used.has(agent.name) || !agent.file.startsWith(workspace.configRoot + path.sep)) continue;
    sink.diagnostics.push({
      file: agent.file,
      range: agent.location.range,
      severity: 'warning',
      code: 'unused-agent',
      message: `No team uses agent \`${agent.name}\`, so Baton never assigns it team work. Add it to a team's \`members\` in teams.yaml.`,
    });
  }
}

/**
 * Last call's diagnostics of the task at the same index, when they still hold: the same task
 * object, or — when there were none — a task with the same references and assignment wherever
 * it now sits (a task moved by a new line above it has nothing to report either).
 */
function reusableRefs(previous: CompiledTask | undefined, diagnostics: readonly Diagnostic[] | undefined, c: CompiledTask): readonly Diagnostic[] | undefined {
  if (!previous || !diagnostics) return undefined;
  if (previous === c) return diagnostics;
  const [a, b] = [previous.task, c.task];
  const same = previous.agentRefs === c.agentRefs && previous.teamRefs === c.teamRefs && a.assignee === b.assignee && a.team === b.team && a.kind === b.kind;
  return same && diagnostics.length === 0 ? diagnostics : undefined;
}

/** Reports a name that names nothing, with a suggestion when one is close. */
type Unknown = (source: RangedSource, path: YamlPath, kind: 'agent' | 'team' | 'sprint' | 'epic', name: string, candidates: string[], context: string) => void;

/** One task's references to agents and teams, and how it is assigned. */
function checkTaskRefs(c: CompiledTask, sprint: Sprint, at: { workspace: Workspace; source: RangedSource; sink: DiagnosticSink; unknown: Unknown; agentNames: string[]; teamIds: string[] }): void {
  const { workspace, source, sink, unknown } = at;
  for (const ref of c.agentRefs) if (!workspace.agents.has(ref.name)) unknown(source, ref.path, 'agent', ref.name, at.agentNames, 'Agent');
  for (const ref of c.teamRefs) if (!workspace.teams.has(ref.name)) unknown(source, ref.path, 'team', ref.name, at.teamIds, 'Team');
  const task = c.task;
  if (task.assignee && task.team) {
    const team = workspace.teams.get(task.team);
    if (team && workspace.agents.has(task.assignee) && !team.members.some((m) => m.agent === task.assignee)) {
      sink.add(source, [...c.path, 'assignee'], 'warning', 'assignee-not-in-team',
        `\`${task.assignee}\` is not a member of team \`${task.team}\`; the team's capacity limits will not apply to it. Add it to the team or drop \`team\`.`);
    }
  }
  if (!task.assignee && !task.team && task.kind !== 'sync' && sprint.teams.length === 0) {
    sink.add(source, c.idPath, 'warning', 'unassigned-task',
      `Task \`${task.id}\` has no \`assignee\` or \`team\`, and the sprint lists no \`teams\` to pick a member from. Add \`assignee: <agent>\`.`);
  }
}
