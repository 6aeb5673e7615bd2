// The Summary tab: where a sprint stands in one screen, and where its result is. A finished
// sprint opens here — "22 of 22 done in 1m 05s", the integration branch with Compare, Check out,
// Merge and Push and open PR, and whatever still needs a person (a handoff, an agent's question, a
// task gone wrong) with its ways out — instead of on a Kanban of empty columns.
import type { BoardResult, BoardSnapshot, BoardTab, BoardTask } from '../../../src/shared/boardTypes';
import type { ResultActionId } from '../../../src/shared/protocol';
import { TASK_ACTIONS, taskActions, type TaskActionId } from '../../../src/shared/taskActions';
import { announce, h } from '../dom';
import { duration, plural } from '../format';
import type { RequestClient } from '../rpc';
import { STATUS_GLYPH, STATUS_TEXT, STATUSES } from '../statusLook';
import { taskFacts } from './taskMenu';
import type { TaskStore } from './taskStore';

export interface SummaryHost {
  store: TaskStore;
  rpc: RequestClient;
  showTab(tab: BoardTab): void;
}

/** The ways out offered for a task that needs a person, in this order. */
const WAYS_OUT: readonly TaskActionId[] = ['answer', 'openReview', 'reassign', 'retry', 'skip', 'accept', 'openLog'];

export class SummaryView {
  readonly el: HTMLElement;
  readonly #host: SummaryHost;
  #dirty = true;

  constructor(host: SummaryHost) {
    this.#host = host;
    this.el = h('div', { className: 'summary', attrs: { role: 'region', 'aria-label': 'Sprint summary' } });
  }

  /** The data changed: redraw now if shown, else when next shown. */
  invalidate(): void {
    this.#dirty = true;
    if (!this.el.hidden) this.render();
  }

  shown(): void {
    if (this.#dirty) this.render();
  }

  render(): void {
    this.#dirty = false;
    const s = this.#host.store.snapshot;
    if (!s?.sprint) {
      this.el.replaceChildren();
      return;
    }
    const tasks = [...this.#host.store.tasks.values()];
    const count = (status: BoardTask['status']) => tasks.filter((t) => t.status === status).length;
    const done = count('done') + count('skipped');
    const parts: Node[] = [h('h2', { className: 'summary-title', text: headline(s, done, tasks.length) })];
    parts.push(h('ul', { className: 'summary-counts', attrs: { 'aria-label': 'Tasks by state' } },
      ...STATUSES.filter((st) => count(st) > 0).map((st) => h('li', { className: `summary-count status-${st}` },
        h('span', { className: 'summary-glyph', text: STATUS_GLYPH[st], attrs: { 'aria-hidden': 'true' } }),
        h('span', { className: 'summary-number', text: String(count(st)) }), ` ${STATUS_TEXT[st]}`))));
    const ours = s.run.sprint === s.sprint.id;
    if (ours && s.run.status === 'completed') parts.push(this.#result(s.result));
    const attention = ours ? tasks.filter((t) => t.answerable || t.status === 'review' || t.status === 'failed' || t.status === 'blocked') : [];
    if (attention.length) parts.push(this.#attention(attention));
    const kanban = h('button', { className: 'button secondary', text: 'Show the Kanban', attrs: { type: 'button' } });
    kanban.addEventListener('click', () => this.#host.showTab('kanban'));
    const graph = h('button', { className: 'button secondary', text: 'Show the graph', attrs: { type: 'button' } });
    graph.addEventListener('click', () => this.#host.showTab('graph'));
    parts.push(h('div', { className: 'dialog-buttons' }, kanban, graph));
    this.el.replaceChildren(...parts);
  }

  #result(result: BoardResult | undefined): HTMLElement {
    const section = h('section', { className: 'summary-result', attrs: { 'aria-label': 'Result' } }, h('h3', { text: 'Result' }));
    if (!result) {
      section.append(h('p', { className: 'muted', text: 'Reading the integration branch…' }));
      return section;
    }
    if (!result.exists) {
      section.append(h('p', { text: `The integration branch ${result.branch} is not in the repository any more.` }));
      return section;
    }
    section.append(
      h('p', {}, 'The merged work of every task is on ', h('code', { className: 'result-branch', text: result.branch }), ` — ${plural(result.commits, 'commit')}, ${plural(result.files, 'file')} changed against the base.`),
    );
    const button = (action: ResultActionId, label: string, primary = false, disabled = false) => {
      const b = h('button', { className: primary ? 'button' : 'button secondary', text: label, attrs: { type: 'button', 'data-result-action': action, disabled } });
      b.addEventListener('click', () => void this.#host.rpc.request('resultAction', { action }).catch((e: Error) => announce(e.message)));
      return b;
    };
    section.append(h('div', { className: 'dialog-buttons', attrs: { role: 'group', 'aria-label': 'Result actions' } },
      button('compare', 'Compare with base', true),
      button('checkout', result.checkedOut ? 'Checked out' : 'Check out', false, result.checkedOut),
      button('merge', `Merge into ${result.mergeInto ?? 'a branch'}…`),
      ...(result.remote ? [button('push', `Push and open ${result.remote.host === 'github' ? 'pull' : 'merge'} request`)] : [])));
    return section;
  }

  #attention(tasks: BoardTask[]): HTMLElement {
    const rows = tasks.map((t) => {
      const actions = taskActions(taskFacts(t)).filter((a) => WAYS_OUT.includes(a)).sort((a, b) => WAYS_OUT.indexOf(a) - WAYS_OUT.indexOf(b)).map((action) => {
        const b = h('button', { className: 'link-button', text: TASK_ACTIONS[action].title, attrs: { type: 'button', 'data-action': action } });
        b.addEventListener('click', () => void this.#host.rpc.request('taskAction', { taskId: t.id, action }).catch((e: Error) => announce(e.message)));
        return b;
      });
      return h('li', { className: `attention-item status-${t.status}` },
        h('span', { className: 'summary-glyph', text: STATUS_GLYPH[t.status], attrs: { 'aria-hidden': 'true' } }),
        h('strong', { text: t.title }), ` (${t.id}) — ${t.answerable && t.question?.to === 'person' ? `${t.agent ?? 'its agent'} asks you: ${t.question.text}` : `${STATUS_TEXT[t.status]}${t.reason ? `: ${t.reason}` : ''}`}`,
        h('div', { className: 'attention-actions', attrs: { role: 'group', 'aria-label': `Ways out for ${t.id}` } }, ...actions));
    });
    return h('section', { className: 'summary-attention', attrs: { 'aria-label': 'Needs you' } }, h('h3', { text: `Needs you (${tasks.length})` }), h('ul', { className: 'plain-list' }, ...rows));
  }
}

function headline(s: BoardSnapshot, done: number, total: number): string {
  const ours = s.run.sprint === s.sprint?.id;
  const took = s.run.startedAt && s.run.finishedAt ? ` in ${duration(Date.parse(s.run.finishedAt) - Date.parse(s.run.startedAt))}` : '';
  if (!ours || s.run.status === 'idle') return `Not run yet — ${plural(total, 'task')} planned`;
  switch (s.run.status) {
    case 'completed': return `Completed: ${done} of ${plural(total, 'task')} done${took}`;
    case 'stopped': return `Stopped: ${done} of ${plural(total, 'task')} done${s.run.reason ? ` — ${s.run.reason}` : ''}`;
    case 'cancelled': return `Cancelled: ${done} of ${plural(total, 'task')} done`;
    case 'paused': return `Paused: ${done} of ${plural(total, 'task')} done`;
    default: return `Running: ${done} of ${plural(total, 'task')} done`;
  }
}
