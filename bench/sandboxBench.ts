// What containment costs. Three figures, each next to its baseline measured in the same run:
//   1. an agent start in the bubblewrap sandbox (the mounts an agent really gets) vs a bare spawn
//      of the same command — target: under 20 ms per start;
//   2. the git layout per task: handing a worktree to an agent (HEAD detached, a private object
//      folder) and taking it back (the agent's objects imported, its branch moved by Baton), around
//      an agent commit made inside the sandbox, vs the same commit made directly on the branch;
//   3. the repository guard's checks per attempt when there is no sandbox (two snapshots).
//
//   npx tsx bench/sandboxBench.ts [--starts 40] [--tasks 15]
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectSandbox } from '../src/engine/sandbox/detectSandbox';
import { RunSandbox, SHARED_OBJECTS_INSIDE } from '../src/engine/sandbox/runSandbox';
import { RepositoryGuard } from '../src/engine/guard/repositoryGuard';
import { GitRunner } from '../src/engine/worktrees/gitRunner';
import { WorktreeManager } from '../src/engine/worktrees/worktreeManager';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
}
const STARTS = Number(arg('starts', '40'));
const TASKS = Number(arg('tasks', '15'));
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };

function run(command: string, args: string[], cwd: string, childEnv: Record<string, string> = env): Promise<void> {
  return new Promise((resolve, reject) => execFile(command, args, { cwd, env: childEnv }, (e) => (e ? reject(e) : resolve())));
}

function repo(): { root: string; base: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-sandbox-bench-'));
  const root = path.join(base, 'ws');
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(root, 'src', `f${i}.ts`), `export const v${i} = ${i};\n`);
  const git = (...a: string[]): string => execFileSync('git', a, { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@example.invalid');
  git('add', '-A');
  git('commit', '-qm', 'initial');
  fs.mkdirSync(path.join(root, '.claude', 'state'), { recursive: true });
  return { root, base };
}

const ms = (t: bigint): number => Number(t) / 1e6;

async function main(): Promise<void> {
  const report = await detectSandbox('auto', env);
  if (report.mode !== 'bwrap') {
    console.log(`no sandbox here (${report.reason}): nothing to measure`);
    return;
  }
  const { root, base } = repo();
  try {
    const manager = new WorktreeManager({ repoRoot: root, env });
    const commonDir = fs.realpathSync(path.join(root, '.git'));
    const stateDir = path.join(root, '.claude', 'state');
    const sandbox = new RunSandbox(report, { repoRoot: fs.realpathSync(root), commonDir, stateDir, homes: () => path.join(stateDir, 'runs', 'bench', 'homes'), realHome: env.HOME });

    // 1. Agent starts.
    const prepared = await manager.prepare({ sprint: 's', task: 'starts', baseRef: 'main', dependencyBranches: [] });
    const checkpoint = await manager.checkpoint(prepared.path);
    const git = await manager.handOver(prepared.path, checkpoint, SHARED_OBJECTS_INSIDE);
    const attemptDir = path.join(stateDir, 'runs', 'bench', 'tasks', 'starts', 'attempt-1');
    fs.mkdirSync(attemptDir, { recursive: true });
    const home = await sandbox.agentHome('bench', 'script');
    const placement = { cwd: prepared.path, worktree: prepared.path, adminDir: git.adminDir, objectsDir: git.objectsDir, attemptDir, pinned: [...git.pinned, path.join(prepared.path, '.git')], agent: 'bench', runner: 'script' as const };
    const bare = { command: '/bin/true', args: [] as string[] };
    let bareNs = 0n;
    let boxedNs = 0n;
    for (let i = 0; i < STARTS; i++) {
      // Alternated, so load drifting over the run hits both the same.
      let t = process.hrtime.bigint();
      await run(bare.command, bare.args, prepared.path);
      bareNs += process.hrtime.bigint() - t;
      t = process.hrtime.bigint();
      const boxed = sandbox.agent({ ...bare, env }, placement, home);
      await run(boxed.command, boxed.args, prepared.path, boxed.env);
      boxedNs += process.hrtime.bigint() - t;
    }
    await manager.takeBack(prepared.path);
    const perBare = ms(bareNs) / STARTS;
    const perBoxed = ms(boxedNs) / STARTS;
    console.log(`agent start, ${STARTS} starts of /bin/true:`);
    console.log(`  bare spawn          ${perBare.toFixed(2)} ms`);
    console.log(`  in the sandbox      ${perBoxed.toFixed(2)} ms  (+${(perBoxed - perBare).toFixed(2)} ms per start, ${(perBoxed / perBare).toFixed(1)}×; target < 20 ms)`);

    // 2. The git layout per task.
    let directNs = 0n;
    let layoutNs = 0n;
    for (let i = 0; i < TASKS; i++) {
      const direct = await manager.prepare({ sprint: 's', task: `direct${i}`, baseRef: 'main', dependencyBranches: [] });
      await manager.checkpoint(direct.path);
      fs.writeFileSync(path.join(direct.path, 'src', 'f1.ts'), `export const v1 = ${i + 1000};\n`);
      let t = process.hrtime.bigint();
      await run('git', ['commit', '-qam', 'work'], direct.path);
      directNs += process.hrtime.bigint() - t;

      const laid = await manager.prepare({ sprint: 's', task: `laid${i}`, baseRef: 'main', dependencyBranches: [] });
      const cp = await manager.checkpoint(laid.path);
      fs.writeFileSync(path.join(laid.path, 'src', 'f1.ts'), `export const v1 = ${i + 2000};\n`);
      t = process.hrtime.bigint();
      const handed = await manager.handOver(laid.path, cp, SHARED_OBJECTS_INSIDE);
      const commit = sandbox.agent({ command: 'git', args: ['commit', '-qam', 'work'], env }, { ...placement, cwd: laid.path, worktree: laid.path, adminDir: handed.adminDir, objectsDir: handed.objectsDir, pinned: [...handed.pinned, path.join(laid.path, '.git')] }, home);
      const agentT = process.hrtime.bigint();
      await run(commit.command, commit.args, laid.path, commit.env);
      const agentNs = process.hrtime.bigint() - agentT;
      const taken = await manager.takeBack(laid.path);
      if (taken.problem) throw new Error(taken.problem);
      layoutNs += process.hrtime.bigint() - t - agentNs;
    }
    const perDirect = ms(directNs) / TASKS;
    const perLayout = ms(layoutNs) / TASKS;
    console.log(`git layout, ${TASKS} tasks each committing one change:`);
    console.log(`  agent's git commit on the branch (before)       ${perDirect.toFixed(2)} ms`);
    console.log(`  hand over + take back (import, branch, HEAD)     ${perLayout.toFixed(2)} ms per task (${(perLayout / perDirect).toFixed(1)}× one git commit)`);

    // 3. The guard, without a sandbox: a snapshot before and one after each attempt.
    const guard = await RepositoryGuard.open(new GitRunner(root, env), root, path.join(stateDir, 'guard'), { checks: true, log: () => undefined, excludes: [stateDir] });
    let guardNs = 0n;
    for (let i = 0; i < TASKS; i++) {
      const t = process.hrtime.bigint();
      await guard.started(`t${i}`);
      await guard.check(`t${i}`);
      guard.finished(`t${i}`);
      guardNs += process.hrtime.bigint() - t;
    }
    console.log(`repository guard (no sandbox), 200-file repository: ${(ms(guardNs) / TASKS).toFixed(2)} ms per attempt (two snapshots; ${(ms(guardNs) / TASKS / perDirect).toFixed(1)}× one git commit)`);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
