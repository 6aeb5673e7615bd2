// The board webview: renders the host's snapshot as Kanban columns and applies deltas.
// Talks to the host only through the typed protocol in src/shared.
import { isHostMessage, type BoardTask, type BoardTaskStatus, type WebviewMessage } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const COLUMNS: BoardTaskStatus[] = ['planning', 'ready', 'running', 'review', 'blocked', 'done', 'failed'];
const vscode = acquireVsCodeApi();
const tasks = new Map<string, BoardTask>();

function card(task: BoardTask): HTMLElement {
  const el = document.createElement('article');
  el.className = `card priority-${task.priority}${task.critical ? ' critical' : ''}`;
  el.setAttribute('role', 'listitem');
  el.tabIndex = 0;
  el.dataset.taskId = task.id;
  const title = document.createElement('h3');
  title.textContent = task.title;
  const meta = document.createElement('p');
  meta.textContent = [task.id, task.agent ?? task.team ?? 'unassigned', `${task.estimate} pts`].join(' · ');
  el.append(title, meta);
  el.addEventListener('dblclick', () => vscode.postMessage({ type: 'openTask', taskId: task.id }));
  return el;
}

function render(): void {
  const board = document.getElementById('board');
  if (!board) return;
  board.replaceChildren(...COLUMNS.map((status) => {
    const column = document.createElement('section');
    column.className = 'column';
    column.setAttribute('aria-label', status);
    const heading = document.createElement('h2');
    const inColumn = [...tasks.values()].filter((t) => t.status === status);
    heading.textContent = `${status} (${inColumn.length})`;
    const list = document.createElement('div');
    list.setAttribute('role', 'list');
    list.append(...inColumn.map(card));
    column.append(heading, list);
    return column;
  }));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  if (message.type === 'snapshot') {
    tasks.clear();
    for (const t of message.tasks) tasks.set(t.id, t);
  } else {
    tasks.set(message.task.id, message.task);
  }
  render();
});

vscode.postMessage({ type: 'ready' });
