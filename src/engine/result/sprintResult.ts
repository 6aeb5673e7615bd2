import { GitRunner } from '../worktrees/gitRunner';
import { parseRemote, type RemoteInfo } from './remotes';

/** What a finished sprint left in the repository, as the editor and the CLI show it. */
export interface SprintResult {
  sprint: string;
  /** `baton/<sprint>/_integration`. */
  branch: string;
  exists: boolean;
  tip?: string;
  /** The commit the run started from, and the branch it was taken from (when it was one). */
  baseCommit?: string;
  baseBranch?: string;
  /** Commits on the integration branch that the base does not have. */
  commits: number;
  /** Files that differ between the base and the integration branch. */
  files: number;
  /** The branch checked out in the repository's own working tree (undefined: detached). */
  currentBranch?: string;
  /** The working tree has uncommitted changes to tracked files: nothing is checked out or merged into it. */
  dirty: boolean;
  /** Local branches, the targets a merge may go into (Baton's own left out). */
  branches: string[];
  remotes: RemoteInfo[];
}

/** The run facts the result is read from. */
export interface ResultRun {
  sprint?: string;
  integrationBranch?: string;
  baseCommit?: string;
  baseBranch?: string;
}

/** The sprint's integration branch as it stands in `repoRoot`; undefined when the run names none. */
export async function describeSprintResult(repoRoot: string, run: ResultRun): Promise<SprintResult | undefined> {
  if (!run.sprint) return undefined;
  const branch = run.integrationBranch ?? `baton/${run.sprint}/_integration`;
  const git = new GitRunner(repoRoot);
  const tip = (await git.exec(repoRoot, ['rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`], { allowExit: [1] })).stdout.trim();
  const [current, status, heads, remotes] = await Promise.all([
    git.exec(repoRoot, ['symbolic-ref', '--short', '-q', 'HEAD'], { allowExit: [1] }).then((r) => r.stdout.trim()),
    git.run(repoRoot, ['status', '--porcelain', '--untracked-files=no']),
    git.run(repoRoot, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/']),
    git.run(repoRoot, ['remote', '-v']),
  ]);
  const out: SprintResult = {
    sprint: run.sprint, branch, exists: tip !== '', commits: 0, files: 0, dirty: status.trim() !== '',
    branches: heads.split('\n').map((b) => b.trim()).filter((b) => b && !b.startsWith('baton/') && !b.startsWith('baton-archive/')),
    remotes: parseRemotes(remotes),
    ...(current ? { currentBranch: current } : {}),
    ...(run.baseCommit ? { baseCommit: run.baseCommit } : {}),
    ...(run.baseBranch && run.baseBranch !== 'HEAD' ? { baseBranch: run.baseBranch } : {}),
  };
  if (!tip) return out;
  out.tip = tip;
  if (run.baseCommit) {
    const [count, names] = await Promise.all([
      git.run(repoRoot, ['rev-list', '--count', `${run.baseCommit}..${tip}`]),
      git.run(repoRoot, ['diff', '--name-only', '-z', run.baseCommit, tip]),
    ]);
    out.commits = Number(count.trim()) || 0;
    out.files = names.split('\0').filter(Boolean).length;
  }
  return out;
}

/** The files that differ between two commits, repository-relative, with their status. */
export async function changesBetween(repoRoot: string, base: string, tip: string): Promise<{ path: string; status: 'A' | 'M' | 'D' }[]> {
  const out = await new GitRunner(repoRoot).run(repoRoot, ['diff', '--name-status', '--no-renames', '-z', base, tip]);
  const parts = out.split('\0').filter(Boolean);
  const files: { path: string; status: 'A' | 'M' | 'D' }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const s = parts[i]!.charAt(0);
    files.push({ path: parts[i + 1]!, status: s === 'A' || s === 'D' ? s : 'M' });
  }
  return files;
}

/** Remotes by their fetch URL — the project's address, whatever push URL git is configured to use. */
function parseRemotes(text: string): RemoteInfo[] {
  const seen = new Map<string, RemoteInfo>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\S+)\s+\(fetch\)$/.exec(line.trim());
    if (m && !seen.has(m[1]!)) seen.set(m[1]!, parseRemote(m[1]!, m[2]!));
  }
  return [...seen.values()];
}
