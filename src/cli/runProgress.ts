import type { EngineEvent } from '../engine/state/events';
import type { ReadonlyRunState } from '../engine/state/runState';
import type { Output, Style } from './output';
import { clipText } from '../shared/clipText';

/** How a run is shown while it goes: a live block on a terminal, one line per event otherwise. */
export interface ProgressView {
  event(e: EngineEvent, state: ReadonlyRunState): void;
  note(message: string): void;
  /** Redraws elapsed times (terminal only). */
  tick(state: ReadonlyRunState): void;
  close(): void;
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** The line an event deserves in a log, or undefined for bookkeeping events. */
export function eventLine(e: EngineEvent, style: Style): string | undefined {
  switch (e.type) {
    case 'task:started': return e.agent ? `${style.cyan('▶')} ${e.task} ${style.dim(`${e.agent}, attempt ${e.attempt}`)}` : `${style.cyan('◆')} ${e.task} ${style.dim('sync point')}`;
    case 'task:succeeded': return `${style.green('✔')} ${e.task}${e.summary ? style.dim(` — ${clipText(e.summary, 100)}`) : ''}`;
    case 'task:failed': return `${style.red('✖')} ${e.task} ${e.willRetry ? style.yellow(`attempt ${e.attempt} failed, will retry`) : style.red('failed')}: ${e.reason}`;
    case 'task:blocked': return `${style.yellow('■')} ${e.task} blocked: ${e.reason}`;
    case 'task:skipped': return `${style.dim('⊘')} ${e.task} ${style.dim(`skipped: ${e.reason}`)}`;
    case 'task:cancelled': return `${style.dim('⊘')} ${e.task} ${style.dim('cancelled')}`;
    case 'run:started': return `${style.bold(`Sprint ${e.sprint}`)} ${style.dim(`from ${e.baseBranch} (${e.baseCommit.slice(0, 8)}), ${e.taskIds.length} tasks, up to ${e.maxParallel} at once`)}`;
    case 'run:resumed': return style.bold('Resumed');
    case 'run:paused': return e.waitingForReview?.length || e.waitingForAnswers?.length ? style.yellow(e.reason ?? 'Waiting for people') : style.yellow('Paused: `baton resume` carries on.');
    default: return coordinationLine(e, style);
  }
}

/** Lines for the coordination events: verification, review gate, redirects, failover, the prerequisites gate. */
function coordinationLine(e: EngineEvent, style: Style): string | undefined {
  switch (e.type) {
    case 'task:verified': {
      const verified = e.checklist.filter((c) => c.passed !== undefined);
      const passed = verified.filter((c) => c.passed).length;
      return `${e.passed ? style.green('☑') : style.red('☒')} ${e.task} ${style.dim(`checklist ${passed}/${verified.length} verified${verified.length < e.checklist.length ? `, ${e.checklist.length - verified.length} stated` : ''} in ${(e.durationMs / 1000).toFixed(1)}s`)}`;
    }
    case 'task:review-requested': return `${style.yellow('⏸')} ${e.task} ${style.yellow('waits for review')}${e.handoff ? style.dim(` — ${e.handoff.diffStat.files.length} files, +${e.handoff.diffStat.insertions} −${e.handoff.diffStat.deletions}`) : ''}`;
    case 'task:approved': return `${style.green('✔')} ${e.task} approved${e.by ? ` by ${e.by}` : ''}`;
    case 'task:changes-requested': return `${style.yellow('↺')} ${e.task} changes requested: ${e.comment.split('\n')[0]}`;
    case 'task:redirected': return `${style.yellow('↪')} ${e.task} ${e.reason}`;
    case 'task:failover': return `${style.yellow('⇄')} ${e.task} ${e.reason}`;
    case 'task:reviewed': return `${style.dim('✎')} ${e.task} reviewed by ${e.reviewer} (${e.status})`;
    case 'task:resolution-created': return `${style.yellow('⚠')} ${e.for}: merge conflict in ${e.files.join(', ')} — ${e.task} created for ${e.agent}`;
    case 'task:waiting': return `${style.yellow('⏸')} ${e.task} ${style.yellow('waiting')}: ${e.reason}`;
    default: return teamLine(e, style) ?? prerequisitesLine(e, style);
  }
}

/** Lines for the communication layer: questions, answers, status reports, events, emergencies, denials. */
function teamLine(e: EngineEvent, style: Style): string | undefined {
  switch (e.type) {
    case 'question:asked': return `${style.cyan('?')} ${e.task} ${e.from} asks ${e.to.kind === 'person' ? 'a person' : e.to.agent} (${e.question}${e.blocking ? '' : ', non-blocking'}): ${e.text.split('\n')[0]!.slice(0, 100)}`;
    case 'question:answered': return `${style.green('!')} ${e.question} answered by ${e.by}: ${e.answer.split('\n')[0]!.slice(0, 100)}`;
    case 'question:closed': return `${style.dim('?')} ${e.question} ${style.dim(`closed: ${e.reason}`)}`;
    case 'task:status-reported': return `${style.dim('◔')} ${e.task} ${style.dim(`${e.progress !== undefined ? `${e.progress}% ` : ''}${e.status}${e.blockers.length ? ` — blocked by ${e.blockers.join('; ')}` : ''}`)}`;
    case 'task:created': return `${style.cyan('+')} ${e.task} ${e.definition.title}${style.dim(` (${e.by.event ? `from ${e.by.event}` : `by ${e.by.agent ?? 'an orchestrator'}`}, team ${e.definition.team ?? '?'})`)}`;
    case 'event:raised': return e.source.engine && !e.deliveries.length ? undefined : `${e.critical ? style.red('⚡') : style.cyan('⚑')} ${e.name} ${style.dim(`(${e.event}${e.source.agent ? ` by ${e.source.agent}` : ''})`)}${e.deliveries.length ? ` → ${e.deliveries.map((d) => `${d.team} ${d.action}${d.task ? ` ${d.task}` : ''}`).join(', ')}` : ''}`;
    case 'emergency:started': return style.red(`⚠ emergency ${e.emergency} (${e.name}): ${e.tasks.join(', ')} go first${e.parked?.length ? `; parked ${e.parked.join(', ')}` : ''}`);
    case 'emergency:resolved': return `${style.green('✔')} emergency ${e.emergency} over (${e.outcome})`;
    case 'access:denied': return `${style.red('⛔')} ${e.caller.agent} (${e.caller.role}${e.caller.task ? `, ${e.caller.task}` : ''}) denied ${e.tool}: ${e.reason}`;
    default: return undefined;
  }
}

function prerequisitesLine(e: EngineEvent, style: Style): string | undefined {
  switch (e.type) {
    case 'prerequisites:checked': return e.go ? `${style.green('GO')} ${style.dim(`prerequisites: ${e.checks.length} checked`)}` : `${style.red('NO-GO')} prerequisites: ${e.checks.filter((c) => c.verdict === 'no-go').map((c) => `${c.name} (${c.detail})`).join('; ')}`;
    default: return undefined;
  }
}

/** One line per event, for logs and pipes. */
export class LineProgress implements ProgressView {
  readonly #out: Output;
  readonly #t0: number;
  constructor(out: Output, now: number) {
    this.#out = out;
    this.#t0 = now;
  }
  event(e: EngineEvent): void {
    const line = eventLine(e, this.#out.style);
    if (line) this.#out.line(`${this.#out.style.dim(`[${seconds(Date.now() - this.#t0).padStart(6)}]`)} ${line}`);
  }
  note(message: string): void {
    this.#out.line(this.#out.style.dim(`  ${message}`));
  }
  tick(): void {}
  close(): void {}
}

/**
 * A live block at the bottom of the terminal: a row per running task (agent, elapsed) and the
 * counts, redrawn in place; finished tasks and notes scroll above it.
 */
export class TerminalProgress implements ProgressView {
  readonly #out: Output;
  #drawn = 0;
  constructor(out: Output) {
    this.#out = out;
  }
  event(e: EngineEvent, state: ReadonlyRunState): void {
    const line = eventLine(e, this.#out.style);
    this.#redraw(state, line && e.type !== 'task:started' ? [line] : []);
  }
  note(message: string): void {
    this.#clear();
    this.#out.line(this.#out.style.dim(message));
  }
  tick(state: ReadonlyRunState): void {
    this.#redraw(state, []);
  }
  close(): void {
    this.#clear();
  }
  #clear(): void {
    if (this.#drawn > 0) this.#out.raw(`\u001b[${this.#drawn}F\u001b[J`);
    this.#drawn = 0;
  }
  #redraw(state: ReadonlyRunState, permanent: string[]): void {
    const s = this.#out.style;
    this.#clear();
    for (const line of permanent) this.#out.line(line);
    const now = Date.now();
    const running = [...state.tasks.values()].filter((t) => t.status === 'running');
    const width = Math.max(10, ...running.map((t) => t.id.length));
    const rows = running.map((t) => `  ${s.cyan('▶')} ${t.id.padEnd(width)}  ${(t.agent || 'sync').padEnd(24)} ${s.dim(seconds(now - Date.parse(t.currentAttempt?.startedAt ?? new Date(now).toISOString())).padStart(7))}`);
    rows.push(`  ${countsLine(state, s)}`);
    this.#out.lines(rows);
    this.#drawn = rows.length;
  }
}

/** `done 7/22 · running 3 · ready 5 · failed 0 · blocked 0`. */
export function countsLine(state: ReadonlyRunState, s: Style): string {
  const counts = new Map<string, number>();
  for (const t of state.tasks.values()) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  const n = (k: string) => counts.get(k) ?? 0;
  const parts = [`${s.green(`done ${n('done')}/${state.tasks.size}`)}`, `running ${n('running')}`, `waiting ${n('planning') + n('ready')}`];
  if (n('failed')) parts.push(s.red(`failed ${n('failed')}`));
  if (n('blocked')) parts.push(s.yellow(`blocked ${n('blocked')}`));
  if (n('skipped')) parts.push(`skipped ${n('skipped')}`);
  if (n('review')) parts.push(`review ${n('review')}`);
  if (n('waiting')) parts.push(`waiting ${n('waiting')}`);
  return parts.join(s.dim(' · '));
}
