import picomatch from 'picomatch';
import type { Agent, Task, Workspace } from '../model/workspace';

/** A changed path its agent may not touch, and the rule it broke. */
export interface BoundaryViolation {
  path: string;
  rule: string;
}

type Rules = Pick<Agent, 'owns' | 'forbidden'>;

const matchers = new Map<string, (path: string) => boolean>();

function matches(glob: string, file: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    matchers.set(glob, m);
  }
  return m(file);
}

/**
 * Role boundaries (seed 002 example 2) on an agent's diff. `files` are repository-relative;
 * `subdir` is the workspace inside the repository, which the globs are relative to. A path must
 * match one of `owns` (when it has any) and none of `forbidden`. An agent with neither has no
 * boundaries.
 */
export function boundaryViolations(agent: Rules, files: readonly string[], subdir: string): BoundaryViolation[] {
  if (agent.owns.length === 0 && agent.forbidden.length === 0) return [];
  const prefix = subdir ? `${subdir.split('\\').join('/').replace(/\/+$/, '')}/` : '';
  const out: BoundaryViolation[] = [];
  for (const file of files) {
    if (prefix && !file.startsWith(prefix)) {
      out.push({ path: file, rule: 'outside the workspace' });
      continue;
    }
    const rel = file.slice(prefix.length);
    const forbidden = agent.forbidden.find((g) => matches(g, rel));
    if (forbidden) out.push({ path: file, rule: `forbidden by \`${forbidden}\`` });
    else if (agent.owns.length > 0 && !agent.owns.some((g) => matches(g, rel))) out.push({ path: file, rule: `outside its \`owns\` (${agent.owns.map((g) => `\`${g}\``).join(', ')})` });
  }
  return out;
}

/**
 * The files a task is known to touch, relative to the workspace: its declared handoff
 * artifacts, and what its last handoff changed and listed (repository-relative there, so
 * `subdir`, the workspace inside the repository, is taken off). Checked against a member's
 * boundaries before the task goes to them (failover, a person's reassignment).
 */
export function knownTaskFiles(task: Pick<Task, 'handoffArtifacts'> | undefined, state: { readonly handoff?: { readonly artifacts: readonly string[]; readonly diffStat: { readonly files: readonly { readonly path: string }[] } } } | undefined, subdir: string): string[] {
  const prefix = subdir ? `${subdir.split('\\').join('/').replace(/\/+$/, '')}/` : '';
  const fromRepo = (file: string) => (prefix && file.startsWith(prefix) ? file.slice(prefix.length) : file);
  const files = new Set<string>(task?.handoffArtifacts ?? []);
  for (const f of state?.handoff?.diffStat.files ?? []) files.add(fromRepo(f.path));
  for (const a of state?.handoff?.artifacts ?? []) files.add(fromRepo(a));
  return [...files];
}

/** True when `agent` may change every one of `files`. */
export function allowsAll(agent: Rules, files: readonly string[], subdir: string): boolean {
  return boundaryViolations(agent, files, subdir).length === 0;
}

/**
 * The member to redirect a task to when its agent changed `files` it may not: one whose
 * boundaries allow every file — the specialist who explicitly owns them (seed 002 example 2)
 * before a member without boundaries at all — and among those the task's team first, then the
 * teams of the agent that broke them, then the sprint's teams, then any team. Agents in
 * `exclude` (already tried) are skipped.
 */
export function redirectTarget(workspace: Workspace, sprintTeams: readonly string[], task: Task, from: string, files: readonly string[], subdir: string, exclude: ReadonlySet<string>): string | undefined {
  const ordered: string[] = [];
  const add = (agent: string): void => {
    if (!ordered.includes(agent)) ordered.push(agent);
  };
  const teamsOf = (agent: string): string[] => [...workspace.teams.values()].filter((t) => t.members.some((m) => m.agent === agent)).map((t) => t.id);
  const teamOrder = [...(task.team ? [task.team] : []), ...teamsOf(from), ...sprintTeams, ...workspace.teams.keys()];
  for (const id of teamOrder) for (const m of workspace.teams.get(id)?.members ?? []) add(m.agent);
  const candidates = ordered.filter((a) => a !== from && !exclude.has(a)).map((a) => workspace.agents.get(a)).filter((a): a is Agent => a !== undefined && allowsAll(a, files, subdir));
  return (candidates.find((a) => a.owns.length > 0) ?? candidates[0])?.name;
}
