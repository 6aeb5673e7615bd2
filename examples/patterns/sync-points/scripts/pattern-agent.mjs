#!/usr/bin/env node
// SCRIPTED STAND-IN FOR AN LLM AGENT — NOT AN AI.
//
// The honest agent of the seven pattern examples (examples/patterns/*): every agent there uses
// `runner: script` with a copy of this file, so each example runs offline, deterministically
// and for free. It does what its prompt asks, visibly and nothing more:
//   - writes its work log, work/<task>.md;
//   - writes every path its prompt lists under "Artifacts to hand off" (a file whose name
//     contains "contract" gets the contract text the sync-point example compares);
//   - for a merge-resolution task, removes the conflict markers its acceptance criteria name,
//     keeping both sides;
//   - for an analyzer, reports the first outcome its prompt offers (or the one it is told);
//   - leaves its changes in the worktree (Baton commits them) and writes its JSON result.
//
// Contract (set by Baton's script runner): cwd = the task's worktree; BATON_TASK_ID, BATON_AGENT,
// BATON_PROMPT_FILE, BATON_RESULT_FILE, BATON_WORKTREE.
// Knobs (agents pass BATON_PATTERN_* through):
//   BATON_PATTERN_DELAY_MS  sleep this long first (default 300), so parallel work overlaps visibly
//   BATON_PATTERN_FAIL      comma-separated task ids that report failure (exit 1): a validator
//                           that finds a problem, an implementer that gives up
//   BATON_PATTERN_OUTCOME   comma-separated <task>=<outcome> for analyzers
//   BATON_PATTERN_DRIFT     comma-separated task ids whose contract files differ from the others'
//   BATON_PATTERN_LOG       append "<task> <agent>" here when an invocation finishes
// Node built-ins only.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const env = process.env;
const task = env.BATON_TASK_ID ?? '';
if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(task)) {
  process.stderr.write('pattern-agent: BATON_TASK_ID is missing or not a task id\n');
  process.exit(2);
}
const agent = env.BATON_AGENT || 'pattern-agent';
const worktree = env.BATON_WORKTREE || process.cwd();
const prompt = env.BATON_PROMPT_FILE && existsSync(env.BATON_PROMPT_FILE) ? readFileSync(env.BATON_PROMPT_FILE, 'utf8') : '';
const list = (name) => (env[name] || '').split(',').map((s) => s.trim()).filter(Boolean);

process.stdout.write(`[pattern] ${agent} starting ${task}\n`);
const delay = Number(env.BATON_PATTERN_DELAY_MS ?? 300);
if (Number.isFinite(delay) && delay > 0) await sleep(delay);

if (list('BATON_PATTERN_FAIL').includes(task)) {
  finish({ status: 'failure', summary: `${agent} (scripted) found a problem in ${task} and reports failure, as BATON_PATTERN_FAIL asked.`, artifacts: [] }, 1);
}

const written = [];
write(`work/${task}.md`, `# ${task}\n\n- agent: ${agent} (scripted stand-in, not an AI)\n- upstream handoffs read: ${(prompt.match(/^### From `/gm) ?? []).length}\n`);
for (const artifact of section('Artifacts to hand off')) {
  if (!/[/.]/.test(artifact)) continue; // a name, not a path: reported, nothing to write
  const drift = list('BATON_PATTERN_DRIFT').includes(task);
  write(artifact, /contract/i.test(artifact) ? `{"contract":"notifications","version":${drift ? 2 : 1},"events":["created","read"]}\n` : `# ${artifact}\n\nDelivered by ${agent} for ${task}.\n`);
}
for (const criterion of section('Acceptance criteria')) {
  const m = /No conflict markers remain in (.+)$/.exec(criterion.replace(/^\[ \] /, ''));
  if (m) resolveConflicts(m[1].trim());
}

const result = { status: 'success', summary: `${agent} (scripted) did ${task}: wrote ${written.join(', ')}.`, artifacts: written };
const offered = /exactly one of (.+?)\. Later tasks/.exec(prompt)?.[1]?.match(/`([^`]+)`/g)?.map((s) => s.slice(1, -1)) ?? [];
if (offered.length) {
  const told = list('BATON_PATTERN_OUTCOME').map((p) => p.split('=')).find(([t]) => t === task)?.[1];
  result.outcome = told ?? offered[0];
  result.summary += ` Outcome: ${result.outcome}.`;
}
finish(result, 0);

/** The bullet items of a `### <title>` section of the prompt. */
function section(title) {
  const at = prompt.indexOf(`### ${title}`);
  if (at < 0) return [];
  const lines = prompt.slice(at).split('\n').slice(1);
  const items = [];
  for (const line of lines) {
    if (line.startsWith('#')) break;
    if (line.startsWith('- ')) items.push(line.slice(2).trim());
  }
  return items;
}

function write(file, content) {
  const full = join(worktree, file);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  if (!written.includes(file)) written.push(file);
}

/** Keeps both sides of every conflict in `file`, in order, without the markers. */
function resolveConflicts(file) {
  const full = join(worktree, file);
  if (!existsSync(full)) return;
  const kept = readFileSync(full, 'utf8').split('\n').filter((l) => !/^(<{7}|={7}|>{7})( |$)/.test(l));
  writeFileSync(full, kept.join('\n'));
  if (!written.includes(file)) written.push(file);
}

function finish(result, code) {
  if (env.BATON_RESULT_FILE) writeFileSync(env.BATON_RESULT_FILE, `${JSON.stringify(result)}\n`);
  else process.stdout.write(`${JSON.stringify(result)}\n`);
  if (env.BATON_PATTERN_LOG) appendFileSync(env.BATON_PATTERN_LOG, `${task} ${agent}\n`);
  process.stdout.write(`[pattern] ${task} ${result.status}\n`);
  process.exit(code);
}
