import * as path from 'node:path';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { SCHEMA_BY_KIND } from '../engine/config/configFile';
import { EVENT_CATALOGUE } from '../engine/model/eventCatalogue';
import { describe, enumValues, schemaAt } from '../engine/model/schemaNavigation';
import type { Agent, Task, Team } from '../engine/model/workspace';
import type { CompletionInput } from './completion';
import type { Occurrence } from './symbolIndex';
import { cursorContext } from './yamlCursor';
import type { WorkspaceSnapshot } from './workspaceSnapshot';

/**
 * Hover: for a name, what it names — an agent's description and model, a task's title,
 * estimate, dependencies, dependants and place on the critical path, a team's members; for a
 * key, its documentation from the schema.
 */
export function hover(snapshot: WorkspaceSnapshot, input: CompletionInput, position: Position): Hover | null {
  const occurrence = snapshot.symbols().at(input.file, position);
  if (occurrence) {
    const value = describeName(snapshot, occurrence);
    if (value) return { contents: { kind: MarkupKind.Markdown, value }, range: occurrence.range };
  }
  if (!input.yamlLines) return null;
  const context = cursorContext(input.lines, position, input.yamlLines.from, input.yamlLines.to);
  if (!context || context.kind !== 'key' || context.key === undefined) return null;
  const schema = schemaAt(SCHEMA_BY_KIND[input.kind], [...context.path, context.key]);
  if (!schema) return null;
  const values = enumValues(schema);
  const text = [`**${context.key}**`, describe(schema), values.length ? `One of: ${values.map((v) => `\`${v}\``).join(', ')}` : undefined].filter(Boolean).join('\n\n');
  return {
    contents: { kind: MarkupKind.Markdown, value: text },
    range: { start: { line: context.line, character: context.start }, end: { line: context.line, character: context.end } },
  };
}

function describeName(snapshot: WorkspaceSnapshot, o: Occurrence): string | undefined {
  const ws = snapshot.workspace;
  switch (o.kind) {
    case 'agent': {
      const agent = ws.agents.get(o.name);
      return agent ? agentText(snapshot, agent) : `Agent \`${o.name}\` is not defined: no \`agents/*.md\` file has \`name: ${o.name}\`.`;
    }
    case 'task':
      return taskText(snapshot, o);
    case 'team': {
      const team = ws.teams.get(o.name);
      return team ? teamText(team) : `Team \`${o.name}\` is not defined in teams.yaml.`;
    }
    case 'event': {
      const group = Object.entries(EVENT_CATALOGUE).find(([, events]) => (events as readonly string[]).includes(o.name))?.[0];
      return group ? `**${o.name}** — ${group} event from the cross-team catalogue` : `\`${o.name}\` is not an event in the catalogue.`;
    }
    case 'sprint': {
      const sprint = ws.sprints.get(o.name);
      return sprint ? `**Sprint ${sprint.id}** — ${sprint.name}\n\n${sprint.tasks.length} task(s)${sprint.goals.length ? `; goals: ${sprint.goals.join('; ')}` : ''}` : undefined;
    }
    case 'epic': {
      const epic = ws.epics.get(o.name);
      return epic ? `**Epic ${epic.id}** — ${epic.title}\n\nSprints: ${epic.sprints.join(', ') || 'none'}` : undefined;
    }
  }
}

function agentText(snapshot: WorkspaceSnapshot, agent: Agent): string {
  const facts = [agent.model ? `model \`${agent.model}\`` : undefined, `runner \`${agent.runner}\``, agent.role ? `role: ${agent.role}` : undefined].filter(Boolean);
  return [
    `**Agent ${agent.name}** — ${facts.join(' · ')}`,
    agent.description,
    agent.tools.length ? `Tools: ${agent.tools.join(', ')}` : undefined,
    `Defined in \`${path.relative(snapshot.workspace.root, agent.file)}\``,
  ].filter(Boolean).join('\n\n');
}

function teamText(team: Team): string {
  const members = team.members.map((m) => `\`${m.agent}\`${m.capacity > 1 ? ` ×${m.capacity}` : ''}`).join(', ');
  return [`**Team ${team.id}**${team.name !== team.id ? ` — ${team.name}` : ''}`, `Members: ${members || 'none'}`, team.capabilities.length ? `Capabilities: ${team.capabilities.join(', ')}` : undefined]
    .filter(Boolean).join('\n\n');
}

function taskText(snapshot: WorkspaceSnapshot, o: Occurrence): string | undefined {
  const sprint = snapshot.sprintOfFile(o.file);
  const task = sprint?.tasks.find((t) => t.id === o.name);
  if (!sprint || !task) return `\`${o.name}\` is not a task of this sprint.`;
  const analysis = snapshot.analysis(sprint);
  const cpa = analysis.criticalPath;
  const list = (ids: readonly string[]) => (ids.length ? ids.map((id) => `\`${id}\``).join(', ') : 'nothing');
  const place = cpa
    ? analysis.critical.has(task.id)
      ? `On the critical path (step ${cpa.criticalPath.indexOf(task.id) + 1} of ${cpa.criticalPath.length}, length ${cpa.length}).`
      : `Not on the critical path: slack ${cpa.slack.get(task.id) ?? 0}.`
    : `The sprint has a dependency cycle (${analysis.cycle?.join(' → ') ?? ''}), so no critical path.`;
  const timing = cpa ? `Earliest start ${cpa.earliestStart.get(task.id) ?? 0}, finish ${cpa.earliestFinish.get(task.id) ?? 0}.` : undefined;
  return [
    `**${task.id}** — ${task.title}`,
    facts(task),
    `Depends on: ${list(analysis.graph.dependenciesOf(task.id))}`,
    `Unblocks: ${list(analysis.graph.dependantsOf(task.id))}`,
    [place, timing].filter(Boolean).join(' '),
  ].join('\n\n');
}

function facts(task: Task): string {
  return [`estimate ${task.estimate}`, `priority ${task.priority}`, task.assignee ? `assignee \`${task.assignee}\`` : undefined, task.team ? `team \`${task.team}\`` : undefined, task.kind !== 'task' ? `${task.kind} task` : undefined]
    .filter(Boolean).join(' · ');
}
