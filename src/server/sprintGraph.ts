import { pathToFileURL } from 'node:url';
import type { Sprint } from '../engine/model/workspace';
import type { SprintGraph, SprintGraphTask } from '../shared/lspMessages';
import type { WorkspaceSnapshot } from './workspaceSnapshot';

/** The planned task graph of a sprint: levels, critical path, earliest start and finish of every task. */
export function sprintGraph(snapshot: WorkspaceSnapshot, sprint: Sprint): SprintGraph {
  const { graph, criticalPath: cpa, levels, critical, cycle } = snapshot.analysis(sprint);
  const uri = pathToFileURL(sprint.file).toString();
  const tasks = sprint.tasks.filter((t) => graph.node(t.id) === t).map((t, i): SprintGraphTask => {
    const out: SprintGraphTask = {
      id: t.id,
      title: t.title,
      kind: t.kind,
      type: t.type,
      priority: t.priority,
      estimate: t.estimate,
      dependencies: [...graph.dependenciesOf(t.id)],
      dependants: [...graph.dependantsOf(t.id)],
      level: levels?.[i] ?? -1,
      critical: critical.has(t.id),
      earliestStart: cpa?.earliestStart.get(t.id) ?? 0,
      earliestFinish: cpa?.earliestFinish.get(t.id) ?? 0,
      slack: cpa?.slack.get(t.id) ?? 0,
      location: { uri: pathToFileURL(t.location.file).toString(), line: t.location.range.line - 1, character: t.location.range.column - 1 },
    };
    if (t.assignee) out.assignee = t.assignee;
    if (t.team) out.team = t.team;
    return out;
  });
  const byLevel: string[][] = [];
  if (levels) tasks.forEach((t) => (byLevel[t.level] ??= []).push(t.id));
  const result: SprintGraph = {
    sprint: sprint.id,
    uri,
    tasks,
    criticalPath: cpa?.criticalPath ?? [],
    levels: byLevel,
    length: cpa?.length ?? 0,
    totalWork: cpa?.totalWork ?? sprint.tasks.reduce((sum, t) => sum + t.estimate, 0),
  };
  if (cycle) result.cycle = cycle;
  return result;
}
