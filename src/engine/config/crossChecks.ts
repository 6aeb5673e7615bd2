import * as path from 'node:path';
import type { Epic, Workspace } from '../model/workspace';
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
}

/** References between files: agents, teams, sprints, epics; and agents no team uses. */
export function crossCheck(input: CrossCheckInput, sink: DiagnosticSink): void {
  const { workspace } = input;
  const agentNames = [...workspace.agents.keys()];
  const teamIds = [...workspace.teams.keys()];
  const used = new Set<string>();

  const unknown = (source: RangedSource, path: YamlPath, kind: 'agent' | 'team' | 'sprint' | 'epic', name: string, candidates: string[], context: string) => {
    const suggestion = didYouMean(name, candidates);
    const unreadable = kind === 'agent' && input.unreadableAgentStems.has(name);
    const fixText = unreadable ? ` \`agents/${name}.md\` exists but its frontmatter could not be read; fix that file.` : kind === 'agent' ? ` Create \`agents/${name}.md\` or fix the name.` : ` Fix the ${kind} id.`;
    sink.add(source, path, unreadable ? 'warning' : 'error', `unknown-${kind}`,
      `${context} \`${name}\` is not a known ${kind}.${suggestion ? ` Did you mean \`${suggestion}\`?` : fixText}`,
      { data: { name, kind, ...(suggestion ? { suggestion } : {}) }, ...(suggestion ? { fix: DiagnosticSink.replaceFix(source, path, suggestion, `Change to \`${suggestion}\``)! } : {}) });
  };

  const teamsSource = input.teamsFile?.source;
  for (const ref of input.teamAgentRefs) {
    used.add(ref.agent);
    if (!workspace.agents.has(ref.agent) && teamsSource) unknown(teamsSource, ref.path, 'agent', ref.agent, agentNames, 'Agent');
  }

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
    for (const c of compiled) {
      for (const ref of c.agentRefs) if (!workspace.agents.has(ref.name)) unknown(source, ref.path, 'agent', ref.name, agentNames, 'Agent');
      for (const ref of c.teamRefs) if (!workspace.teams.has(ref.name)) unknown(source, ref.path, 'team', ref.name, teamIds, 'Team');
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
  }

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
