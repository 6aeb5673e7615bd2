#!/usr/bin/env node
// SCRIPTED STAND-IN FOR AN LLM AGENT — NOT AN AI.
//
// Every agent of this example uses `runner: script` with this file, so the example runs
// offline, deterministically and for free. It does what a real agent's run looks like from the
// outside and nothing more: it writes a file that belongs to the task, commits it, and reports a
// structured result. It makes no decisions and writes no real code.
//
// Contract (set by Baton's script runner):
//   cwd                     the task's git worktree
//   BATON_TASK_ID           task id               BATON_SPRINT_ID    sprint id
//   BATON_AGENT             agent name            BATON_WORKTREE     worktree path (defaults to cwd)
//   BATON_PROMPT_FILE       the composed prompt   BATON_RESULT_FILE  where the JSON result goes
// A review that sends the task back ("## Reviewer feedback" in the prompt) is answered by
// appending the feedback to the work log, so the next attempt has a change to hand back — as a
// real agent addressing the comment would.
// Test knobs:
//   BATON_SCRIPTED_DELAY_MS  sleep this long before finishing (default 200)
//   BATON_SCRIPTED_LOG       append "<task-id> <pid>" to this file on every invocation that
//                            finishes: written last, after the commit and the result file, so a
//                            line means "this invocation completed its work" (crash tests count
//                            them: two lines for one task means the work was done twice)
//   BATON_SCRIPTED_FAIL      comma-separated task ids that report failure (exit 1) instead
//
// Node built-ins only; git runs through execFileSync (no shell).
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Files a task's handoff checklist verifies (`verify: [test, -f, <file>]`), by task id. */
const ARTIFACTS = {
  'verify-resources': ['docs/go-no-go.md'],
  'design-auth-strategy': ['docs/security/auth-strategy.md'],
  'design-login-ui': ['docs/design/login-signup.md'],
  'design-user-schema': ['db/schema.md'],
  'create-migrations': ['db/migrations/0001-users-sessions.md'],
  'implement-auth-actions': ['app/actions/auth.md'],
  'build-login-components': ['app/components/login-form.md'],
  'integrate-login-ui': ['app/login/page.md'],
  'test-auth-flows': ['tests/auth.md'],
  'deploy-auth': ['deploy/auth-release.md'],
};

const env = process.env;
const taskId = env.BATON_TASK_ID;
if (!taskId || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(taskId) || taskId.includes('..')) {
  process.stderr.write('scripted-agent: BATON_TASK_ID is missing or not a task id\n');
  process.exit(2);
}
const agent = env.BATON_AGENT || 'scripted-agent';
const sprint = env.BATON_SPRINT_ID || '';
const worktree = env.BATON_WORKTREE || process.cwd();

process.stdout.write(`[scripted] ${agent} starting ${taskId}\n`);

const delay = Number(env.BATON_SCRIPTED_DELAY_MS ?? 200);
if (Number.isFinite(delay) && delay > 0) await sleep(delay);

const failing = (env.BATON_SCRIPTED_FAIL || '').split(',').map((s) => s.trim()).filter(Boolean);
if (failing.includes(taskId)) {
  writeResult({ status: 'failure', summary: `${agent} (scripted) was told to fail ${taskId} by BATON_SCRIPTED_FAIL.`, artifacts: [] });
  process.stdout.write(`[scripted] ${taskId} failed on purpose\n`);
  logInvocation();
  process.exit(1);
}

const promptHead = readPromptHead(env.BATON_PROMPT_FILE, 12);
const feedback = reviewerFeedback(env.BATON_PROMPT_FILE);
const files = [`work/${taskId}.md`, ...(ARTIFACTS[taskId] ?? [])];
for (const file of files) {
  const addressed = file === files[0] && feedback.length ? ['## Review feedback addressed', '', ...feedback, ''] : [];
  const content = [
    `# ${file === files[0] ? `Work log: ${taskId}` : file}`,
    '',
    `- task: ${taskId}`,
    `- sprint: ${sprint}`,
    `- agent: ${agent} (scripted stand-in, not an AI)`,
    '',
    '## Prompt (first lines)',
    '',
    ...promptHead.map((line) => `> ${line}`),
    '',
    ...addressed,
  ].join('\n');
  const absolute = join(worktree, file);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, content);
  process.stdout.write(`[scripted] wrote ${file}\n`);
}

git(['add', '--', ...files]);
// Content is deterministic, so a re-run after a crash may find it already committed.
if (git(['status', '--porcelain', '--', ...files]).trim() !== '') {
  git([...identity(), 'commit', '--quiet', '-m', `${taskId}: ${agent} (scripted)`, '--', ...files]);
  process.stdout.write(`[scripted] committed ${files.length} file(s)\n`);
} else {
  process.stdout.write('[scripted] nothing new to commit\n');
}

writeResult({ status: 'success', summary: `${agent} (scripted) wrote ${files.join(', ')} for ${taskId}.`, artifacts: files });
process.stdout.write(`[scripted] ${taskId} done\n`);
logInvocation();

function git(args) {
  return execFileSync('git', args, { cwd: worktree, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Commit as the configured user; fall back to a labelled identity where none is configured. */
function identity() {
  try {
    if (git(['config', 'user.email']).trim()) return [];
  } catch {
    // not configured
  }
  return ['-c', 'user.name=Baton scripted agent', '-c', 'user.email=scripted-agent@baton.invalid'];
}

function readPromptHead(file, count) {
  if (!file || !existsSync(file)) return ['(no prompt file)'];
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).slice(0, count);
  return lines.length ? lines : ['(empty prompt)'];
}

/** The quoted lines under the prompt's "## Reviewer feedback" heading (none when it has none). */
function reviewerFeedback(file) {
  if (!file || !existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const at = lines.indexOf('## Reviewer feedback');
  if (at < 0) return [];
  const out = [];
  for (const line of lines.slice(at + 1)) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('>')) out.push(line);
  }
  return out;
}

/** The last thing an invocation does: everything before it (commit, result file) has happened. */
function logInvocation() {
  if (env.BATON_SCRIPTED_LOG) appendFileSync(env.BATON_SCRIPTED_LOG, `${taskId} ${process.pid}\n`);
}

function writeResult(result) {
  const json = `${JSON.stringify(result)}\n`;
  if (env.BATON_RESULT_FILE) writeFileSync(env.BATON_RESULT_FILE, json);
  else process.stdout.write(json);
}
