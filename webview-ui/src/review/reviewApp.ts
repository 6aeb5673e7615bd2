// The handoff review panel: the task, the agent's summary and notes, artifacts, checklist
// results, the changed files (each opening VS Code's diff editor against the task's base),
// and Approve / Request changes — disabled, with the reason, when the engine cannot do them.
import type { ActionState, ReviewSnapshot } from '../../../src/shared/boardTypes';
import { isHostMessage } from '../../../src/shared/protocol';
import { announce, h } from '../dom';
import { RequestClient } from '../rpc';
import type { VsCodeApi } from '../vscodeApi';

interface ReviewUiState {
  /** Which task this panel reviews: the serializer reopens it after a reload. */
  taskId?: string;
  draft: string;
  scroll: number;
}

export function startReview(api: VsCodeApi<unknown>, root: HTMLElement): void {
  const rpc = new RequestClient(api);
  const saved = api.getState() as Partial<ReviewUiState> | undefined;
  const ui: ReviewUiState = { ...(typeof saved?.taskId === 'string' ? { taskId: saved.taskId } : {}), draft: typeof saved?.draft === 'string' ? saved.draft : '', scroll: Number(saved?.scroll) || 0 };
  const save = () => api.setState(ui);
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
    const parts: Node[] = [
      h('header', { className: 'review-header' },
        h('h1', { text: t.title }),
        h('p', { className: 'muted', text: [t.id, t.status, t.agent ?? 'unassigned', t.team, t.attempts > 1 ? `attempt ${t.attempts}` : ''].filter(Boolean).join(' · ') })),
    ];
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

    const comment = h('textarea', { className: 'input', attrs: { rows: 4, id: 'review-comment', 'aria-label': 'Comment for the agent (goes into its next prompt)', placeholder: 'What should the agent change? This goes into its next prompt.' } });
    comment.value = ui.draft;
    comment.addEventListener('input', () => {
      ui.draft = comment.value;
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
        ui.draft = '';
        save();
      });
    });
    const reasons = [r.approve, r.requestChanges].map((a) => a.reason).filter((x, i, all): x is string => Boolean(x) && all.indexOf(x) === i);
    parts.push(h('section', { className: 'review-actions', attrs: { 'aria-label': 'Decision' } },
      h('h2', { text: 'Decision' }),
      ...(t.status !== 'review' ? [h('p', { className: 'muted', text: `This task is ${t.status}, not waiting for review.` })] : []),
      comment,
      h('div', { className: 'dialog-buttons' }, approve, requestChanges),
      ...reasons.map((reason) => h('p', { className: 'muted action-reason', text: reason })),
      status));
    root.replaceChildren(h('main', { className: 'review' }, ...parts));
    window.scrollTo(0, ui.scroll);
  }

  async function act(status: HTMLElement, call: () => Promise<unknown>, done: string): Promise<boolean> {
    if (busy) return false;
    busy = true;
    status.textContent = 'Sending…';
    try {
      await call();
      status.textContent = done;
      announce(done);
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
        save();
      }
      render();
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
