// The language server of another commit, built for serverBench to measure beside this one in the
// same run: the commit's src/ taken out with `git archive` (the repository and work tree are left
// alone), bundled as esbuild.mjs bundles the server, against this checkout's node_modules.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export interface BaselineServer {
  /** The bundled server, to run as `node <script> --stdio`. */
  script: string;
  /** The commit built, abbreviated. */
  commit: string;
  dispose(): void;
}

/**
 * Builds the language server as it was at `ref` (any git revision). Throws, naming the ref, when
 * the repository does not have it (a shallow clone, say).
 */
export async function buildBaselineServer(root: string, ref: string): Promise<BaselineServer> {
  let commit: string;
  try {
    commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', '--verify', `${ref}^{commit}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new Error(`baseline ${ref}: not a commit of ${root} (a shallow clone? set BATON_BASELINE_REF to another revision, or to "none")`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-baseline-server-'));
  try {
    const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', commit, 'src'], { maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const script = path.join(dir, 'server.js');
    await esbuild.build({
      entryPoints: [path.join(dir, 'src/server/server.ts')],
      outfile: script,
      absWorkingDir: dir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
    });
    return { script, commit, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
