import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../model/diagnostic';
import type { LoadResult, Sprint, Task, Workspace } from '../model/workspace';
import type { ParsedConfigFile } from './configFile';
import { CrossCheckMemo, crossCheck } from './crossChecks';
import { DiagnosticSink } from './diagnosticSink';
import { resolveAgents } from './resolveAgents';
import { resolveEpics } from './resolveEpics';
import { resolveSprints, SprintResolveCache } from './resolveSprints';
import { resolveTeams } from './resolveTeams';
import { asRecord } from '../util/lenient';
import { nodePathProbe, type PathProbe } from './pathProbe';
import { checkWorktreeSettings } from './worktreeSettingsCheck';

export interface ResolveOptions {
  /** Absolute workspace root. */
  root: string;
  /** Absolute config root. */
  configRoot: string;
  /** Existence check for agent scripts (the language server passes its own view of the disk). */
  fileExists?: (absolute: string) => boolean;
  /** What the path checks (worktree location, copy/symlink, scripts through symlinks) may ask the disk. */
  probe?: PathProbe;
  /** Keep every file's text in the result's `sources`. */
  keepSources?: boolean;
  /**
   * Kept by a caller that resolves the same workspace again after every edit (the language
   * server): unchanged sprint files are not resolved again and changed ones incrementally.
   * The result is the same as without it.
   */
  cache?: ResolveCache;
}

/** What {@link resolveWorkspace} keeps between calls for one workspace. */
export class ResolveCache {
  readonly sprints = new SprintResolveCache();
  readonly crossChecks = new CrossCheckMemo();
  /** Each task's copy with `review: true` (a team's `require_review` applies to it). */
  readonly reviewed = new WeakMap<Task, Task>();
}

/**
 * Resolves already-parsed files into one workspace model with every cross-file diagnostic.
 * Parsing is per file and cacheable; this step is cheap, so the language server can re-run it
 * on every edit while re-parsing only the file that changed.
 */
export function resolveWorkspace(files: readonly ParsedConfigFile[], options: ResolveOptions): LoadResult {
  const sink = new DiagnosticSink();
  const byKind = (kind: ParsedConfigFile['kind']) => files.filter((f) => f.kind === kind);
  const teamsFiles = byKind('teams').sort((a, b) => a.file.localeCompare(b.file));
  const teamsFile = teamsFiles[0];
  for (const extra of teamsFiles.slice(1)) {
    sink.diagnostics.push({
      file: extra.file,
      range: { line: 1, column: 1, endLine: 1, endColumn: 2 },
      severity: 'warning',
      code: 'no-teams-file',
      message: `Both ${path.basename(teamsFile!.file)} and ${path.basename(extra.file)} exist; Baton reads only ${path.basename(teamsFile!.file)}. Merge them and delete this one.`,
    });
  }
  const teams = resolveTeams(teamsFile, sink);
  const probe = options.probe ?? nodePathProbe;
  checkWorktreeSettings(teamsFile?.source, asRecord(teamsFile?.source?.data)?.settings, teams.settings, options.root, probe, sink);
  const agents = resolveAgents(byKind('agent'), {
    root: options.root,
    defaultRunner: teams.settings.defaultRunner,
    fileExists: options.fileExists ?? ((p) => fs.existsSync(p)),
    probe,
  }, sink);
  const sprintEntries = resolveSprints(byKind('sprint'), options.root, sink, options.cache?.sprints);
  const epicSources = resolveEpics(byKind('epic'), options.root, sink);

  const workspace: Workspace = {
    root: options.root,
    configRoot: options.configRoot,
    teams: teams.teams,
    agents: agents.agents,
    sprints: new Map([...sprintEntries].map(([id, e]) => [id, withTeamReviewPolicy(e.sprint, teams.teams, options.cache?.reviewed)])),
    epics: new Map([...epicSources].map(([id, e]) => [id, e.epic])),
    settings: teams.settings,
  };
  if (teamsFile) workspace.teamsFile = teamsFile.file;
  crossCheck({ workspace, sprintEntries, epicSources, teamAgentRefs: teams.agentRefs, unreadableAgentStems: agents.unreadableStems, ...(teamsFile ? { teamsFile } : {}), ...(options.cache ? { memo: options.cache.crossChecks } : {}) }, sink);

  const diagnostics: Diagnostic[] = [...files.flatMap((f) => f.diagnostics), ...sink.diagnostics].sort(compareDiagnostics);
  const result: LoadResult = { workspace, diagnostics: dedupe(diagnostics), files: files.map((f) => f.file) };
  if (options.keepSources) result.sources = new Map(files.map((f) => [f.file, f.text]));
  return result;
}

/**
 * A task of a team with `require_review` waits for a person even without `review: true`. The
 * compiled sprint is left as it is (it may be reused by the next resolve); tasks that change
 * are copies, and so is the sprint holding them.
 */
function withTeamReviewPolicy(sprint: Sprint, teams: Workspace['teams'], reviewed = new WeakMap<Task, Task>()): Sprint {
  const reviewTeamsOf = new Set<string>();
  let anyTeam = false;
  for (const team of teams.values()) {
    if (!team.requireReview) continue;
    anyTeam = true;
    for (const m of team.members) reviewTeamsOf.add(m.agent);
  }
  if (!anyTeam) return sprint;
  let tasks: Task[] | undefined;
  sprint.tasks.forEach((task, i) => {
    if (task.review || task.kind !== 'task') return;
    const team = task.team ? teams.get(task.team) : undefined;
    if (!(team?.requireReview || (task.assignee && !task.team && reviewTeamsOf.has(task.assignee)))) return;
    let copy = reviewed.get(task);
    if (!copy) {
      copy = { ...task, review: true };
      reviewed.set(task, copy);
    }
    tasks ??= sprint.tasks.slice();
    tasks[i] = copy;
  });
  return tasks ? { ...sprint, tasks } : sprint;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.range.line}:${d.range.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
