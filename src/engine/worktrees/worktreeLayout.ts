import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { identifier } from '../model/common';
import type { GitRunner } from './gitRunner';
import { nodePathProbe, realPathOf } from '../config/pathProbe';
import { worktreeLocationProblem } from '../config/worktreeLocation';
import { WorktreeError } from './worktreeError';

/** Every Baton branch lives under this prefix: `baton/<sprint>/<task or strategy key>`. */
export const BRANCH_PREFIX = 'baton/';

/**
 * The key of a sprint's integration branch, `baton/<sprint>/_integration`. It cannot be
 * `baton/<sprint>` itself: git stores refs as a hierarchy, so `refs/heads/baton/s` cannot exist
 * beside `refs/heads/baton/s/<task>`. Ids never start with `_`, so no task can collide with it.
 */
export const INTEGRATION_KEY = '_integration';

/**
 * Where a repository's Baton worktrees live and what they are called. Created once per manager:
 * resolves the real repository root, its common git directory and the worktree location.
 */
export class WorktreeLayout {
  /** Real path of the user's working tree. */
  readonly repoRoot: string;
  /** Real path of the repository's common git directory (`.git`). */
  readonly commonDir: string;
  /** Real path of the folder holding `<sprint>/<key>` worktrees. */
  readonly location: string;

  private constructor(repoRoot: string, commonDir: string, location: string) {
    this.repoRoot = repoRoot;
    this.commonDir = commonDir;
    this.location = location;
  }

  /**
   * Resolves the layout. The default location is a sibling of the repository
   * (`<parent>/<repo>.baton-worktrees`), outside the working tree so file watchers, test runners
   * and search never see a second copy of the sources. A relative `location` resolves from the
   * repository root; one inside the working tree is added to `.git/info/exclude` so the user's
   * `git status` stays clean.
   */
  static async create(git: GitRunner, repoRoot: string, location: string | undefined): Promise<WorktreeLayout> {
    const absolute = path.resolve(repoRoot);
    const lines = await git
      .run(absolute, ['rev-parse', '--show-toplevel', '--git-common-dir'])
      .then((out) => out.split('\n'))
      .catch((error: unknown) => {
        throw new WorktreeError(`${absolute} is not inside a git working tree`, { cause: error });
      });
    const root = await fs.realpath(lines[0] ?? absolute);
    const commonDir = await fs.realpath(path.resolve(absolute, lines[1] ?? '.git'));
    const wanted = location ? path.resolve(root, location) : path.join(path.dirname(root), `${path.basename(root)}.baton-worktrees`);
    // Checked before anything is created: the same rule `baton validate` and the editor apply.
    const problem = worktreeLocationProblem(nodePathProbe, { root, gitDirs: [commonDir] }, realPathOf(nodePathProbe, wanted));
    if (problem) throw new WorktreeError(`Worktree location ${wanted} ${problem} Set \`settings.worktrees.location\` to a folder of Baton's own.`);
    await fs.mkdir(wanted, { recursive: true });
    const real = await fs.realpath(wanted);
    if (isInside(root, real)) await excludeFromStatus(commonDir, path.relative(root, real));
    return new WorktreeLayout(root, commonDir, real);
  }

  /** `baton/<sprint>/<key>`. */
  branchFor(sprint: string, key: string): string {
    return `${BRANCH_PREFIX}${sprint}/${key}`;
  }

  /** `<location>/<sprint>/<key>`. */
  pathFor(sprint: string, key: string): string {
    return path.join(this.location, sprint, key);
  }

  /** Sprint and key of a `baton/<sprint>/<key>` branch; undefined for any other branch. */
  parseBranch(branch: string | undefined): { sprint: string; task: string } | undefined {
    if (!branch?.startsWith(BRANCH_PREFIX)) return undefined;
    const [sprint, task, ...rest] = branch.slice(BRANCH_PREFIX.length).split('/');
    return sprint && task && rest.length === 0 ? { sprint, task } : undefined;
  }

  /** True for a path inside the worktree location. */
  holds(worktreePath: string): boolean {
    return isInside(this.location, path.resolve(worktreePath));
  }
}

/** Throws unless `value` is a valid Baton id (it becomes part of a branch name and a path). */
export function assertId(kind: string, value: string): void {
  if (!identifier.safeParse(value).success) {
    throw new WorktreeError(`Expected \`${kind}\` to be an id (letters, digits, -, _ and . only, starting with a letter or digit), got \`${value}\``);
  }
}

/** Throws unless `ref` can be passed to git as a revision without being read as an option. */
export function assertRef(kind: string, ref: string): void {
  if (ref.length === 0 || ref.startsWith('-') || /[\s\0]/.test(ref)) {
    throw new WorktreeError(`Expected \`${kind}\` to be a branch name or commit, got \`${ref}\``);
  }
}

/** True when `child` is strictly inside `parent` (both absolute). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

async function excludeFromStatus(commonDir: string, relative: string): Promise<void> {
  const file = path.join(commonDir, 'info', 'exclude');
  const line = `/${relative.split(path.sep).join('/')}/`;
  const current = await fs.readFile(file, 'utf8').catch(() => '');
  if (current.split(/\r?\n/).includes(line)) return;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await fs.appendFile(file, `${separator}# Baton worktrees\n${line}\n`);
}
