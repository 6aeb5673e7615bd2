import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Runs git synchronously in `cwd` and returns trimmed stdout (tests only). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

/** Environment variables that would make these tests depend on the developer's machine. */
const ISOLATED: Record<string, string | undefined> = {
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: undefined,
  GIT_AUTHOR_EMAIL: undefined,
  GIT_COMMITTER_NAME: undefined,
  GIT_COMMITTER_EMAIL: undefined,
  EMAIL: undefined,
  GIT_DIR: undefined,
  GIT_WORK_TREE: undefined,
  GIT_INDEX_FILE: undefined,
  GIT_CEILING_DIRECTORIES: undefined,
};

let template: string | undefined;
let templateRoot: string | undefined;

/**
 * Registers hooks that isolate git from the machine's global config (a developer's
 * `commit.gpgsign` or identity must not leak in) and remove temp folders. Call inside `describe`.
 */
export function useGitSandbox(): { newRepo(options?: { identity?: boolean }): Repo } {
  const saved = new Map<string, string | undefined>();
  const made: string[] = [];
  before(() => {
    for (const [key, value] of Object.entries(ISOLATED)) {
      saved.set(key, process.env[key]);
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  after(() => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (templateRoot) fs.rmSync(templateRoot, { recursive: true, force: true });
    template = templateRoot = undefined;
  });
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    newRepo(options = {}) {
      const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'baton-wt-'));
      made.push(dir);
      const root = path.join(dir, 'repo');
      fs.cpSync(templateRepo(), root, { recursive: true, verbatimSymlinks: true });
      if (options.identity === false) {
        git(root, 'config', '--unset', 'user.name');
        git(root, 'config', '--unset', 'user.email');
        // Without this git would invent `user@host` and the fallback would go untested.
        git(root, 'config', 'user.useConfigOnly', 'true');
      }
      return new Repo(root);
    },
  };
}

/** One repository with an initial commit on `main`, built once and copied per test (fast). */
function templateRepo(): string {
  if (template) return template;
  templateRoot = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'baton-wt-template-'));
  template = path.join(templateRoot, 'repo');
  fs.mkdirSync(path.join(template, 'src'), { recursive: true });
  fs.writeFileSync(path.join(template, 'README.md'), '# demo\n\nline 3\n');
  fs.writeFileSync(path.join(template, 'src', 'app.ts'), 'export const app = 1;\n');
  fs.writeFileSync(path.join(template, 'src', 'old.ts'), 'export const old = 1;\nexport const two = 2;\n');
  fs.writeFileSync(path.join(template, '.gitignore'), 'node_modules/\nnode_modules\ndist/\n');
  git(template, 'init', '-q', '-b', 'main');
  git(template, 'config', 'user.name', 'Test User');
  git(template, 'config', 'user.email', 'test@example.com');
  git(template, 'config', 'commit.gpgsign', 'false');
  git(template, 'add', '-A');
  git(template, 'commit', '-q', '-m', 'initial');
  return template;
}

/** A test repository plus helpers that never touch its working tree or index. */
export class Repo {
  constructor(readonly root: string) {}

  /** The default worktree location, `<parent>/repo.baton-worktrees`. */
  get defaultLocation(): string {
    return path.join(path.dirname(this.root), 'repo.baton-worktrees');
  }

  git(...args: string[]): string {
    return git(this.root, ...args);
  }

  /**
   * Creates (or advances) `branch` with one commit changing `files` (null deletes), through
   * `git fast-import`: refs and objects only, so the main worktree stays exactly as it was.
   */
  commitTo(branch: string, files: Record<string, string | null>, from = 'main', message = `change ${branch}`): string {
    const parent = this.git('rev-parse', `${from}^{commit}`);
    const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
    let stream = `commit refs/heads/${branch}\ncommitter Test User <test@example.com> 1700000000 +0000\n${data(message)}from ${parent}\n`;
    for (const [file, content] of Object.entries(files)) {
      stream += content === null ? `D ${file}\n` : `M 100644 inline ${file}\n${data(content)}`;
    }
    execFileSync('git', ['fast-import', '--quiet', '--force'], { cwd: this.root, input: `${stream}done\n`, stdio: ['pipe', 'pipe', 'pipe'] });
    return this.git('rev-parse', branch);
  }

  /** Everything a test must find unchanged in the user's checkout. */
  snapshot(skip: readonly string[] = []): MainSnapshot {
    return {
      head: this.git('rev-parse', 'HEAD'),
      branch: this.git('symbolic-ref', 'HEAD'),
      status: this.git('status', '--porcelain', '--untracked-files=all'),
      index: this.git('ls-files', '-s'),
      files: hashTree(this.root, new Set(['.git', ...skip])),
    };
  }

  /** Asserts the main worktree matches `before` (HEAD, branch, status, index, every file). */
  assertUnchanged(before: MainSnapshot, skip: readonly string[] = []): void {
    assert.deepEqual(this.snapshot(skip), before, 'the main worktree must never change');
  }
}

/** State of the user's checkout. */
export interface MainSnapshot {
  head: string;
  branch: string;
  status: string;
  index: string;
  files: Record<string, string>;
}

/** Content hash of every file under `root` except `.git` (symlinks by target). */
export function hashTree(root: string, skip: ReadonlySet<string> = new Set(['.git'])): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (skip.has(rel)) continue;
      if (entry.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(full)}`;
      else if (entry.isDirectory()) walk(full);
      else out[rel] = createHash('sha1').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(root);
  return out;
}
