// What redaction costs an agent's output: 50 MB of Claude-style stream-json, in the 64 KB chunks
// a pipe delivers, through the streaming redactor with a realistic environment's secrets —
// next to the same chunks passed through unchanged (Redactor.none), measured in the same run.
// A second pass writes the output to a capped agent log (BoundedLogFile, 50 MB default cap vs
// 8 MB, forcing compactions) to show what the whole logging path costs per megabyte.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BoundedLogFile } from '../src/engine/runners/boundedLogFile';
import { Redactor } from '../src/engine/secrets/redactor';
import { seededRandom } from '../test/support/seededRandom';

const MB = 1024 * 1024;
const TOTAL = 50 * MB;
const CHUNK = 64 * 1024;

const ENV = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-Zq8vK2mX9pL4nR7tY1wE5uI3oA6sD0fGhJkLzXcVbNm', OPENAI_API_KEY: 'sk-proj-4f8a2b9c1d7e3f6a0b5c8d2e9f1a4b7c',
  GITHUB_TOKEN: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  NPM_TOKEN: 'npm_abcdefghijklmnopqrstuvwxyz0123456789', DATABASE_URL: 'postgres://app:s3cretpassw0rd@db.internal:5432/app', SLACK_BOT_TOKEN: 'xoxb-1234567890-abcdefghijklmnop',
  PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/home/dev', LANG: 'en_US.UTF-8',
};

/** Agent output as Claude Code's stream-json prints it, with a secret leaked now and then. */
function makeOutput(): string[] {
  const random = seededRandom(42);
  const secrets = Object.values(ENV).slice(0, 8);
  let text = '';
  let n = 0;
  while (text.length < TOTAL) {
    const leak = random() < 0.001 ? ` ${secrets[Math.floor(random() * secrets.length)]}` : '';
    text += `{"type":"assistant","message":{"content":[{"type":"tool_use","name":"Bash","input":{"command":"npm test -- --grep case-${n++}${leak}"}}]},"session_id":"b1f0c2"}\n`;
  }
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) chunks.push(text.slice(i, i + CHUNK));
  return chunks;
}

function timeStream(redactor: Redactor, chunks: readonly string[]): { ms: number; out: number } {
  const t = performance.now();
  const stream = redactor.stream();
  let out = 0;
  for (const c of chunks) out += stream.push(c).length;
  out += stream.end().length;
  return { ms: performance.now() - t, out };
}

async function timeLog(redactor: Redactor, chunks: readonly string[], cap: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-redact-bench-'));
  try {
    const t = performance.now();
    const log = BoundedLogFile.open(path.join(dir, 'agent.log'), cap);
    const stream = redactor.stream();
    for (const c of chunks) {
      if (!log.write(stream.push(c))) await new Promise<void>((resume) => log.onDrain(resume));
    }
    await log.close(stream.end());
    return performance.now() - t;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function main(): Promise<void> {
  const chunks = makeOutput();
  const redactor = Redactor.fromEnv(ENV);
  timeStream(redactor, chunks); // warm-up
  timeStream(Redactor.none, chunks);
  const none = median([1, 2, 3, 4, 5].map(() => timeStream(Redactor.none, chunks).ms));
  const full = median([1, 2, 3, 4, 5].map(() => timeStream(redactor, chunks).ms));
  const mb = TOTAL / MB;
  console.log(`redaction of a ${mb} MB agent output in ${CHUNK / 1024} KB chunks, ${redactor.names.length} secret variables (${redactor.names.join(', ')}); median of 5`);
  console.log(`  pass-through (Redactor.none)   ${none.toFixed(1).padStart(7)} ms`);
  console.log(`  streaming redaction            ${full.toFixed(1).padStart(7)} ms   ${(mb / (full / 1000)).toFixed(0)} MB/s   +${(full - none).toFixed(1)} ms over pass-through = ${((full - none) / mb).toFixed(2)} ms per MB of agent output`);
  // Warmed once, then interleaved rounds, medians: the first write of a run pays for the JIT and the page cache.
  await timeLog(redactor, chunks, 50 * MB);
  const rounds: { plain: number[]; logged: number[]; capped: number[] } = { plain: [], logged: [], capped: [] };
  for (let round = 0; round < 5; round++) {
    rounds.plain.push(await timeLog(Redactor.none, chunks, 50 * MB));
    rounds.logged.push(await timeLog(redactor, chunks, 50 * MB));
    rounds.capped.push(await timeLog(redactor, chunks, 8 * MB));
  }
  const plain = median(rounds.plain);
  const logged = median(rounds.logged);
  const capped = median(rounds.capped);
  console.log(`agent log of the same output (write + redaction, page cache; median of 5 interleaved rounds):`);
  console.log(`  50 MB cap, no redaction        ${plain.toFixed(0).padStart(7)} ms`);
  console.log(`  50 MB cap, redacted            ${logged.toFixed(0).padStart(7)} ms   ratio ${(logged / plain).toFixed(2)}x   +${((logged - plain) / mb).toFixed(2)} ms per MB`);
  console.log(`  8 MB cap (compacting), redacted ${capped.toFixed(0).padStart(6)} ms   ratio ${(capped / plain).toFixed(2)}x`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
