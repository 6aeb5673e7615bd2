// One Kanban card: built when a list first needs it, then patched in place as deltas arrive and
// rewritten for another task when its list recycles it (`cardPool.ts`). Parts most cards never
// show — the elapsed time, the reason, the review button, an error — are created on first use
// and hidden when a rewrite no longer needs them.
import type { BoardTask } from '../../../src/shared/boardTypes';
import { formatEstimate, type EstimateUnit } from '../../../src/shared/estimates';
import { h } from '../dom';
import { duration, plural, usd } from '../format';
import { STATUS_GLYPH, STATUS_TEXT } from '../statusLook';

/** What every card is drawn with besides its task: the workspace's estimate unit. */
export interface CardLook {
  unit: EstimateUnit;
}

export interface CardParts {
  el: HTMLElement;
  glyph: HTMLElement;
  /** Opens the card's menu of moves and task actions (the same as the context-menu key). */
  more: HTMLButtonElement;
  title: HTMLElement;
  id: HTMLElement;
  priority: HTMLElement;
  meta: HTMLElement;
  agent: HTMLElement;
  estimate: HTMLElement;
  deps: HTMLElement;
  elapsed?: HTMLElement;
  extra?: HTMLElement;
  reason?: HTMLElement;
  /** The team line: live progress from `report_status`, the question the task waits on. */
  team?: HTMLElement;
  review?: HTMLButtonElement;
  error?: HTMLElement;
}

export function buildCard(task: BoardTask, now: number, look: CardLook): CardParts {
  const el = document.createElement('div');
  el.className = 'card';
  el.setAttribute('role', 'listitem');
  el.tabIndex = -1;
  el.draggable = true;
  el.dataset.taskId = task.id;
  const top = document.createElement('div');
  top.className = 'card-top';
  const parts: CardParts = {
    el,
    glyph: span('card-glyph'),
    more: h('button', { className: 'card-more icon-button', text: '⋯', attrs: { type: 'button', tabindex: -1 } }),
    id: span('card-id'),
    priority: span('badge priority'),
    title: document.createElement('div'),
    meta: document.createElement('div'),
    agent: span('card-agent'),
    estimate: span('card-estimate'),
    deps: span('card-deps'),
  };
  parts.title.className = 'card-title';
  parts.meta.className = 'card-meta';
  parts.glyph.setAttribute('aria-hidden', 'true');
  const right = h('span', { className: 'card-top-right' }, parts.priority, parts.more);
  top.append(h('span', { className: 'card-top-left' }, parts.glyph, parts.id), right);
  parts.meta.append(parts.agent, parts.estimate, parts.deps);
  el.append(top, parts.title, parts.meta);
  updateCard(parts, task, now, look);
  return parts;
}

/** Writes a task's fields into its card; only changed text is touched. */
export function updateCard(parts: CardParts, task: BoardTask, now: number, look: CardLook): void {
  const { el } = parts;
  if (el.dataset.taskId !== task.id) el.dataset.taskId = task.id;
  if (el.dataset.status !== task.status) el.dataset.status = task.status;
  if (el.classList.contains('critical') !== task.critical) el.classList.toggle('critical', task.critical);
  set(parts.glyph, STATUS_GLYPH[task.status]);
  set(parts.id, task.id);
  const moreLabel = `Actions for ${task.id}`;
  if (parts.more.getAttribute('aria-label') !== moreLabel) {
    parts.more.setAttribute('aria-label', moreLabel);
    parts.more.title = `${moreLabel} (Space, M or the context-menu key; right-click for the same menu)`;
  }
  set(parts.title, task.title);
  set(parts.priority, task.priority);
  if (parts.priority.dataset.priority !== task.priority) parts.priority.dataset.priority = task.priority;
  set(parts.agent, task.agent ?? 'unassigned');
  parts.agent.classList.toggle('muted', task.agent === undefined);
  set(parts.estimate, formatEstimate(task.estimate, look.unit));
  const deps = task.dependencies.length;
  set(parts.deps, deps ? `${deps} dep${deps === 1 ? '' : 's'}` : '');
  const depsTitle = deps ? `Depends on ${task.dependencies.join(', ')}` : '';
  if (parts.deps.title !== depsTitle) parts.deps.title = depsTitle;
  const elapsed = task.status === 'running' && task.runningSince ? duration(now - Date.parse(task.runningSince)) : '';
  if (elapsed || parts.elapsed) set(metaPart(parts, 'elapsed'), elapsed);
  const extra: string[] = [];
  if (task.status === 'cancelled' || task.status === 'skipped') extra.push(task.status);
  if (task.attempts > 1) extra.push(`attempt ${task.attempts}`);
  if (task.costUsd) extra.push(usd(task.costUsd));
  if (extra.length || parts.extra) set(metaPart(parts, 'extra'), extra.join(' · '));
  const reason = task.reason !== undefined && task.status !== 'done' && task.status !== 'running' ? task.reason : '';
  if (reason || parts.reason) set(reasonPart(parts), reason);
  const team = teamLine(task);
  if (team.text || parts.team) {
    const el = teamPart(parts);
    set(el, team.text);
    if (el.title !== team.title) el.title = team.title;
    el.classList.toggle('waiting', task.question?.waiting === true);
  }
  if (task.status === 'review' || parts.review) reviewPart(parts).hidden = task.status !== 'review';
  const label = [
    task.title, task.id, STATUS_TEXT[task.status], team.text, `priority ${task.priority}`, task.agent ?? 'unassigned',
    formatEstimate(task.estimate, look.unit, 'long'), deps ? plural(deps, 'dependency', 'dependencies') : '', task.critical ? 'on the critical path' : '',
  ].filter(Boolean).join(', ');
  if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
}

/** Updates the live elapsed time of a running card. */
export function tickCard(parts: CardParts, task: BoardTask, now: number): void {
  if (task.status === 'running' && task.runningSince) set(metaPart(parts, 'elapsed'), duration(now - Date.parse(task.runningSince)));
}

/** Shows (or, with '', clears) the reason a move was refused. */
export function setCardError(parts: CardParts, message: string): void {
  if (!message && !parts.error) return;
  if (!parts.error) {
    parts.error = h('div', { className: 'card-error', attrs: { role: 'alert' } });
    parts.el.append(parts.error);
  }
  set(parts.error, message);
}

/** The card's review button, made on first need. */
export function reviewPart(parts: CardParts): HTMLButtonElement {
  if (!parts.review) {
    parts.review = h('button', { className: 'card-review link-button', text: 'Review…', attrs: { type: 'button', tabindex: parts.el.tabIndex } });
    parts.el.insertBefore(parts.review, parts.error ?? null);
  }
  return parts.review;
}

/** `◔ 40% · building` and `? waiting for person: Redis or PostgreSQL?`: what the agent says while it works. */
export function teamLine(task: BoardTask): { text: string; title: string } {
  const lines: string[] = [];
  const p = task.progress;
  if (p && (task.status === 'running' || task.status === 'blocked')) lines.push(`◔ ${p.percent !== undefined ? `${p.percent}% · ` : ''}${p.status}`);
  const q = task.question;
  if (q) lines.push(`? ${q.waiting ? `waiting for ${q.to}` : `asked ${q.to}`}: ${q.text}`);
  const title = [
    ...(p?.remaining.length ? [`Remaining: ${p.remaining.join(', ')}`] : []),
    ...(p?.blockers.length ? [`Blockers: ${p.blockers.join(', ')}`] : []),
    ...(q ? [`${q.id}: ${q.text}`] : []),
  ].join('\n');
  return { text: lines.join('\n'), title };
}

function teamPart(parts: CardParts): HTMLElement {
  if (!parts.team) {
    parts.team = document.createElement('div');
    parts.team.className = 'card-team';
    (parts.reason ?? parts.meta).after(parts.team);
  }
  return parts.team;
}

function metaPart(parts: CardParts, which: 'elapsed' | 'extra'): HTMLElement {
  let el = parts[which];
  if (!el) {
    el = span(`card-${which}`);
    parts[which] = el;
    parts.meta.insertBefore(el, which === 'elapsed' ? (parts.extra ?? null) : null);
  }
  return el;
}

function reasonPart(parts: CardParts): HTMLElement {
  if (!parts.reason) {
    parts.reason = document.createElement('div');
    parts.reason.className = 'card-reason';
    parts.meta.after(parts.reason);
  }
  return parts.reason;
}

function span(className: string): HTMLElement {
  const s = document.createElement('span');
  s.className = className;
  return s;
}

function set(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
  const hidden = text === '';
  if (el.hidden !== hidden) el.hidden = hidden;
}
