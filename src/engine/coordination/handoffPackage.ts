import type { Task, Workspace } from '../model/workspace';
import type { AgentResult } from '../runners/agentResult';
import type { ChecklistResult, HandoffMessage, HandoffPackage } from '../state/events';
import type { DiffStat } from '../worktrees/worktreeDiff';

/** Everything a handoff package is built from. */
export interface HandoffInput {
  task: Task;
  agent: string;
  attempt: number;
  result: Pick<AgentResult, 'summary' | 'knownIssues'>;
  artifacts: string[];
  checklist: ChecklistResult[];
  diffStat: DiffStat;
  notes: string[];
  commit?: string;
  base?: string;
}

/** Bounds that keep a package (journalled twice for a review) far below the journal's 1 MiB per event. */
const MAX_FILES = 500;
const MAX_ARTIFACTS = 200;
const MAX_SUMMARY = 20_000;

/**
 * Seed 000 §3's handoff package, in the names the board's review panel reads. A huge diff keeps
 * its totals but lists its first {@link MAX_FILES} files, with a note saying so.
 */
export function buildHandoff(input: HandoffInput): HandoffPackage {
  const { task } = input;
  const notes = [...input.notes];
  const files = input.diffStat.files;
  if (files.length > MAX_FILES) notes.push(`the diff touches ${files.length} files; the first ${MAX_FILES} are listed`);
  if (input.artifacts.length > MAX_ARTIFACTS) notes.push(`${input.artifacts.length} artifacts were reported; the first ${MAX_ARTIFACTS} are listed`);
  const summary = input.result.summary;
  return {
    task: task.id,
    agent: input.agent,
    attempt: input.attempt,
    summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY)}…` : summary,
    notes,
    knownIssues: [...(input.result.knownIssues ?? [])],
    artifacts: input.artifacts.slice(0, MAX_ARTIFACTS),
    acceptanceCriteria: [...task.acceptanceCriteria],
    checklist: input.checklist.length ? input.checklist.map((c) => ({ ...c })) : task.checklist.map((c) => ({ item: c.item, ...(c.verify ? { verify: [...c.verify] } : {}) })),
    diffStat: {
      files: files.slice(0, MAX_FILES).map((f) => ({ path: f.path, ...(f.oldPath !== undefined ? { oldPath: f.oldPath } : {}), status: f.status, insertions: f.insertions, deletions: f.deletions })),
      insertions: input.diffStat.insertions,
      deletions: input.diffStat.deletions,
    },
    ...(input.commit !== undefined ? { commit: input.commit } : {}),
    ...(input.base !== undefined ? { base: input.base } : {}),
  };
}

/** The team a task counts against: its own, else the (first sprint) team of its agent. */
export function teamOfTask(workspace: Workspace, sprintTeams: readonly string[], task: Task, agent: string | undefined): string | undefined {
  if (task.team) return task.team;
  const who = agent || task.assignee;
  if (!who) return undefined;
  const homes = [...workspace.teams.values()].filter((t) => t.members.some((m) => m.agent === who)).map((t) => t.id);
  return homes.find((t) => sprintTeams.includes(t)) ?? homes[0];
}

/**
 * The handoff as seed 000's messages: one `cross_team_handoff` per other team that has a task
 * depending on this one, and a `status_update` to the task's own team (naming its dependants
 * there). The checklist becomes `{ item: passed }`, `null` for stated items.
 */
export function handoffMessages(workspace: Workspace, sprintTasks: readonly Task[], sprintTeams: readonly string[], pkg: HandoffPackage, task: Task, status: 'completed' | 'in_review', timestamp: string): HandoffMessage[] {
  const ownTeam = teamOfTask(workspace, sprintTeams, task, pkg.agent) ?? 'sprint';
  const orchestrator = (team: string): string => workspace.teams.get(team)?.orchestrator?.agent ?? team;
  const checklist = Object.fromEntries(pkg.checklist.map((c) => [c.item, c.passed ?? null]));
  const byTeam = new Map<string, string[]>();
  for (const t of sprintTasks) {
    if (!t.dependencies.includes(task.id)) continue;
    const team = teamOfTask(workspace, sprintTeams, t, undefined) ?? ownTeam;
    byTeam.set(team, [...(byTeam.get(team) ?? []), t.id]);
  }
  const messages: HandoffMessage[] = [];
  for (const [team, targets] of byTeam) {
    if (team === ownTeam) continue;
    messages.push({
      message_type: 'cross_team_handoff',
      source_orchestrator: orchestrator(ownTeam),
      target_orchestrator: orchestrator(team),
      handoff_type: `${task.type.replace(/\s+/g, '_')}_ready`,
      deliverable: {
        id: task.id,
        artifacts: [...pkg.artifacts],
        features: [task.title],
        documentation: pkg.artifacts.filter((a) => /\.(md|txt|rst|adoc)$/i.test(a) || a.startsWith('docs/')),
        test_requirements: [...task.acceptanceCriteria],
      },
      handoff_checklist: checklist,
      targets,
      timestamp,
    });
  }
  messages.push({
    message_type: 'status_update',
    source_agent: pkg.agent,
    target_orchestrator: orchestrator(ownTeam),
    task_id: task.id,
    status,
    progress_percentage: status === 'completed' ? 100 : 90,
    completed_work: [pkg.summary.split('\n')[0] ?? ''].filter(Boolean),
    remaining_work: status === 'completed' ? [] : ['review by a person'],
    blockers: [...pkg.knownIssues],
    handoff_checklist: checklist,
    targets: byTeam.get(ownTeam) ?? [],
    timestamp,
  });
  return messages;
}
