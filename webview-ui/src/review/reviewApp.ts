// The review panel: one tab for every handoff, moving along the queue of those waiting ("3
// waiting — Next"), with Approve all. It shows the task, the agent's summary and notes,
// artifacts, checklist results, the changed files (each opening VS Code's diff editor against
// the task's base), Approve / Request changes while the task waits, and once it does not, what
// became of it (a confirmation, not an error) — plus the task's ways out: hand it to a chosen
// member, skip it, accept it as is, its log and its changes.
import type { ActionState, ReviewSnapshot } from '../../../src/shared/boardTypes';
import { isHostMessage } from '../../../src/shared/protocol';
import { TASK_ACTIONS, type TaskActionId } from '../../../src/shared/taskActions';
import { announce, h } from '../dom';
import { RequestClient } from '../rpc';
import type { VsCodeApi } from '../vscodeApi';

interface ReviewUiState {
  /** Which task this panel reviews: the serializer reopens it after a reload. */
  taskId?: string;
  /** The comment being written, per task (the panel moves between tasks). */
  drafts: Record<string, string>;
  scroll: number;
}

/** Task actions the panel offers under the decision, in this order (the decision has its own buttons). */
const PANEL_ACTIONS: readonly TaskActionId[] = ['answer', 'openDiff', 'openLog', 'edit', 'retry', 'skip', 'accept'];

export function startReview(api: VsCodeApi<unknown>, root: HTMLElement): void {
  const rpc = new RequestClient(api);
  const saved = api.getState() as Partial<ReviewUiState> | undefined;
  const drafts = saved?.drafts && typeof saved.drafts === 'object' ? Object.fromEntries(Object.entries(saved.drafts).filter(([, v]) => typeof v === 'string')) : {};
  const ui: ReviewUiState = { ...(typeof saved?.taskId === 'string' ? { taskId: saved.taskId } : {}), drafts, scroll: Number(saved?.scroll) || 0 };
  const save = () => api.setState(ui);
  let lastTask: string | undefined;
  let review: ReviewSnapshot | undefined;
  let busy = false;

  window.addEventListener('scroll', () => {
    ui.scroll = window.scrollY;
    save();
  }, { passive: true });

  function render(): void {
    if (!review) return;
    const r = review;
    const t = r.task;
    const status = h('p', { className: 'review-status', attrs: { role: 'status' } });
    const parts: Node[] = [queueBar(r, status),
      h('header', { className: 'review-header' },
        h('h1', { text: t.title }),
        h('p', { className: 'muted', text: [t.id, t.status, t.agent ?? 'unassigned', t.team, t.attempts > 1 ? `attempt ${t.attempts}` : ''].filter(Boolean).join(' · ') })),
    ];
    if (r.outcome) parts.push(h('p', { className: `review-outcome${t.status === 'done' ? ' ok' : ''}`, text: `${t.status === 'done' ? '✓ ' : ''}${r.outcome}`, attrs: { role: 'status' } }));
    if (t.file) {
      const open = h('button', { className: 'link-button', text: 'Open the task in its sprint file', attrs: { type: 'button' } });
      open.addEventListener('click', () => void rpc.request('openArtifact', { taskId: t.id, path: t.file! }).catch((e: Error) => announce(e.message)));
      parts.push(open);
    }
    if (t.description) parts.push(section('Task', h('p', { className: 'prewrap', text: t.description })));
    parts.push(section('Summary', h('p', { className: 'prewrap', text: r.summary ?? 'The agent left no summary.' })));
    if (r.notes.length || r.knownIssues.length) {
      parts.push(section('Agent notes', list([...r.notes, ...r.knownIssues.map((i) => `Known issue: ${i}`)])));
    }
    if (r.acceptanceCriteria.length) parts.push(section('Acceptance criteria', list(r.acceptanceCriteria)));
    parts.push(section(`Checklist (${r.checklist.filter((c) => c.passed === true).length}/${r.checklist.length} passed)`, checklist(r)));
    parts.push(section(`Artifacts (${r.artifacts.length})`, r.artifacts.length ? h('ul', { className: 'plain-list' }, ...r.artifacts.map((a) => {
      const b = h('button', { className: 'link-button', text: a, attrs: { type: 'button' } });
      b.addEventListener('click', () => void rpc.request('openArtifact', { taskId: t.id, path: a }).catch((e: Error) => announce(e.message)));
      return h('li', {}, b);
    })) : h('p', { className: 'muted', text: 'No artifacts.' })));
    parts.push(section(`Changed files (${r.files.length}, +${r.insertions} −${r.deletions})`, files(r)));
    if (r.previousComments.length) parts.push(section('Earlier change requests', list(r.previousComments)));

    if (t.status === 'review') parts.push(decision(r, status));
    parts.push(waysOut(r, status));
    root.replaceChildren(h('main', { className: 'review' }, ...parts));
    window.scrollTo(0, ui.scroll);
  }

  async function act(status: HTMLElement, call: () => Promise<unknown>, done: string): Promise<boolean> {
    if (busy) return false;
    busy = true;
    status.textContent = 'Sending…';
    status.classList.remove('error');
    try {
      await call();
      status.textContent = done;
      if (done) announce(done);
      return true;
    } catch (error) {
      status.textContent = (error as Error).message;
      status.classList.add('error');
      announce((error as Error).message);
      return false;
    } finally {
      busy = false;
    }
  }

  /** "Review 1 of 3 waiting — Next ▸ · Approve all 3…": the queue, at the top of every review. */
  function queueBar(r: ReviewSnapshot, status: HTMLElement): HTMLElement {
    const at = r.queue.indexOf(r.task.id);
    const others = r.queue.filter((id) => id !== r.task.id).length;
    const text = r.queue.length === 0 ? 'Nothing else waits for review.'
      : at >= 0 ? `Handoff ${at + 1} of ${r.queue.length} waiting for review` : `${r.queue.length} handoff${r.queue.length === 1 ? '' : 's'} waiting for review`;
    const bar = h('nav', { className: 'review-queue', attrs: { 'aria-label': 'Review queue' } }, h('span', { className: 'queue-text', text }));
    if (others > 0) {
      const next = h('button', { className: 'button secondary', text: 'Next ▸', attrs: { type: 'button', title: 'Review the next handoff waiting, in this tab' } });
      next.addEventListener('click', () => void act(status, () => rpc.request('reviewNext', { taskId: r.task.id }), ''));
      bar.append(next);
    }
    if (r.queue.length > 0) {
      const all = h('button', { className: 'button secondary', text: `Approve all ${r.queue.length}…`, attrs: { type: 'button', disabled: r.approve.reason !== undefined, title: r.approve.reason } });
      all.addEventListener('click', () => void act(status, () => rpc.request('approveAll', { taskId: r.task.id }), ''));
      bar.append(all);
    }
    return bar;
  }

  /** Approve / Request changes with the comment for the agent: only while the task waits. */
  function decision(r: ReviewSnapshot, status: HTMLElement): HTMLElement {
    const t = r.task;
    const comment = h('textarea', { className: 'input', attrs: { rows: 4, id: 'review-comment', 'aria-label': 'Comment for the agent (goes into its next prompt)', placeholder: 'What should the agent change? This goes into its next prompt.' } });
    comment.value = ui.drafts[t.id] ?? '';
    comment.addEventListener('input', () => {
      ui.drafts[t.id] = comment.value;
      save();
    });
    const approve = actionButton('Approve', r.approve, 'button');
    const requestChanges = actionButton('Request changes', r.requestChanges, 'button secondary');
    approve.addEventListener('click', () => void act(status, () => rpc.request('approveTask', { taskId: t.id }), 'Approved.'));
    requestChanges.addEventListener('click', () => {
      if (comment.value.trim() === '') {
        status.textContent = 'Write what should change first: the comment goes into the agent\'s next prompt.';
        comment.focus();
        return;
      }
      void act(status, () => rpc.request('requestChanges', { taskId: t.id, comment: comment.value.trim() }), 'Changes requested.').then((ok) => {
        if (!ok) return;
        delete ui.drafts[t.id];
        save();
      });
    });
    const reasons = [r.approve, r.requestChanges].map((a) => a.reason).filter((x, i, all): x is string => Boolean(x) && all.indexOf(x) === i);
    return h('section', { className: 'review-actions', attrs: { 'aria-label': 'Decision' } },
      h('h2', { text: 'Decision' }), comment,
      h('div', { className: 'dialog-buttons' }, approve, requestChanges),
      ...reasons.map((reason) => h('p', { className: 'muted action-reason', text: reason })),
      status);
  }

  /** Hand the task to a chosen member (checked by the engine), and its other actions. */
  function waysOut(r: ReviewSnapshot, status: HTMLElement): HTMLElement {
    const t = r.task;
    const section = h('section', { className: 'review-ways', attrs: { 'aria-label': 'Other ways' } }, h('h2', { text: t.status === 'review' ? 'Or' : 'Actions' }));
    if (r.actions.includes('reassign') && r.members.length) {
      const select = h('select', { className: 'select', attrs: { 'aria-label': 'Member to hand the task to', id: 'reassign-member' } },
        ...r.members.map((m) => h('option', { text: m.allowed ? `${m.agent} (${m.team})` : `${m.agent} — ${m.reason ?? 'not allowed'}`, attrs: { value: m.agent, disabled: !m.allowed } })));
      const first = r.members.find((m) => m.allowed);
      if (first) select.value = first.agent;
      const hand = h('button', { className: 'button secondary', text: 'Hand to member', attrs: { type: 'button', disabled: !first } });
      hand.addEventListener('click', () => void act(status, () => rpc.request('reassignTask', { taskId: t.id, agent: select.value }), `Handed to ${select.value}.`));
      section.append(h('div', { className: 'reassign-row' }, h('label', { text: 'Hand to another member: ', attrs: { for: 'reassign-member' } }), select, hand));
      const refused = r.members.filter((m) => !m.allowed);
      if (refused.length) section.append(h('p', { className: 'muted', text: `${refused.map((m) => m.agent).join(', ')} cannot take it: ${refused[0]!.reason ?? ''}` }));
    }
    const buttons = PANEL_ACTIONS.filter((a) => r.actions.includes(a)).map((action) => {
      const b = h('button', { className: 'link-button', text: TASK_ACTIONS[action].title, attrs: { type: 'button', 'data-action': action } });
      b.addEventListener('click', () => void act(status, () => rpc.request('taskAction', { taskId: t.id, action }), ''));
      return b;
    });
    section.append(h('div', { className: 'review-action-links' }, ...buttons));
    if (t.status !== 'review') section.append(status);
    return section;
  }

  function files(r: ReviewSnapshot): Node {
    if (r.filesProblem) return h('p', { className: 'muted', text: r.filesProblem });
    if (!r.files.length) return h('p', { className: 'muted', text: 'No files changed.' });
    return h('ul', { className: 'file-list' }, ...r.files.map((f) => {
      const b = h('button', { className: 'link-button', text: f.oldPath ? `${f.oldPath} → ${f.path}` : f.path, attrs: { type: 'button', title: 'Open the diff against the task\'s base' } });
      b.addEventListener('click', () => void rpc.request('openDiff', { taskId: r.task.id, path: f.path }).catch((e: Error) => announce(e.message)));
      return h('li', {}, h('span', { className: `file-status file-${f.status}`, text: f.status, attrs: { title: { A: 'added', M: 'modified', D: 'deleted', R: 'renamed' }[f.status] } }), b,
        h('span', { className: 'muted', text: ` +${f.insertions} −${f.deletions}` }));
    }));
  }

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const m = event.data;
    if (!isHostMessage(m)) return;
    if (m.type === 'review') {
      review = m.review;
      if (ui.taskId !== review.task.id) {
        ui.taskId = review.task.id;
        ui.scroll = 0;
        save();
      }
      render();
      // Moved on to another handoff: start at its top, with the title announced.
      if (lastTask !== undefined && lastTask !== review.task.id) {
        window.scrollTo(0, 0);
        announce(`Reviewing ${review.task.title}.`);
      }
      lastTask = review.task.id;
    } else if (m.type === 'response') {
      rpc.settle(m);
    }
  });
  root.replaceChildren(h('p', { className: 'muted', text: 'Loading the handoff…' }));
  api.postMessage({ type: 'ready', app: 'review' });
}

function checklist(r: ReviewSnapshot): Node {
  if (!r.checklist.length) return h('p', { className: 'muted', text: 'No checklist.' });
  const rows = r.checklist.map((c) => {
    const result = c.passed === true ? 'passed' : c.passed === false ? 'failed' : 'not verified';
    const cells: Node[] = [
      h('td', {}, h('span', { className: `check check-${result.replace(' ', '-')}`, text: c.passed === true ? '✓' : c.passed === false ? '✗' : '–', attrs: { 'aria-hidden': 'true' } }), ` ${result}`),
      h('td', { text: c.item }),
      h('td', {}, c.verify ? h('code', { text: c.verify.join(' ') }) : h('span', { className: 'muted', text: 'stated by the agent' })),
    ];
    const row = h('tr', { className: `check-row ${result.replace(' ', '-')}` }, ...cells);
    if (!c.output) return [row];
    const details = h('details', {}, h('summary', { text: 'Output' }), h('pre', { className: 'output', text: c.output }));
    return [row, h('tr', { className: 'output-row' }, h('td', { attrs: { colspan: 3 } }, details))];
  });
  return h('table', { className: 'checklist' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Result', attrs: { scope: 'col' } }), h('th', { text: 'Item', attrs: { scope: 'col' } }), h('th', { text: 'Verified by', attrs: { scope: 'col' } }))),
    h('tbody', {}, ...rows.flat()));
}

function section(title: string, body: Node): HTMLElement {
  return h('section', { className: 'review-section', attrs: { 'aria-label': title } }, h('h2', { text: title }), body);
}

function list(items: string[]): HTMLElement {
  return h('ul', { className: 'plain-list' }, ...items.map((i) => h('li', { className: 'prewrap', text: i })));
}

function actionButton(label: string, state: ActionState, className: string): HTMLButtonElement {
  return h('button', { className, text: label, attrs: { type: 'button', disabled: !state.enabled, 'aria-disabled': !state.enabled ? 'true' : undefined, title: state.reason } });
}
