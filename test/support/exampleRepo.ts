import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Copies `examples/<name>` into a fresh git repository with one commit; returns its path. */
export function exampleRepo(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `baton-${name}-`));
  fs.cpSync(path.join(__dirname, '..', '..', 'examples', name), dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Baton test', '-c', 'user.email=test@baton.invalid', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'example');
  return dir;
}

/** Removes the repository and the sibling folder Baton keeps its worktrees in. */
export function removeExampleRepo(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(`${dir}.baton-worktrees`, { recursive: true, force: true });
}
