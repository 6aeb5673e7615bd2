// What a person can do to a card, by drag-and-drop or from the keyboard menu. The webview only
// proposes; the host validates every move with the engine and the card snaps back when refused.
import type { BoardColumn, BoardTask, TaskMove } from '../../../src/shared/boardTypes';
import { columnOf } from '../../../src/shared/boardTypes';
import { h } from '../dom';

/** A move without its comment (asked for when the move is made). */
export type MoveIntent = { kind: 'cancel' } | { kind: 'approve' } | { kind: 'requestChanges' } | { kind: 'retry' } | { kind: 'reassign'; agent: string };

/** The move a drop of `task` on column `to` means, or why there is none. */
export function moveForDrop(task: BoardTask, to: BoardColumn): { intent: MoveIntent } | { reason: string } {
  const from = columnOf(task.status);
  if (to === 'failed' && (task.status === 'planning' || task.status === 'ready' || task.status === 'running')) return { intent: { kind: 'cancel' } };
  if (from === 'review' && to === 'done') return { intent: { kind: 'approve' } };
  if (from === 'review' && to === 'ready') return { intent: { kind: 'requestChanges' } };
  if ((task.status === 'failed' || task.status === 'blocked' || task.status === 'cancelled') && to === 'ready') return { intent: { kind: 'retry' } };
  return { reason: `A ${task.status} task can't be moved to ${to}: the engine moves it there when its work gets there.` };
}

/** The column a card goes to, optimistically, while its move is being checked. */
export function targetColumn(task: BoardTask, intent: MoveIntent): BoardColumn {
  switch (intent.kind) {
    case 'cancel': return 'failed';
    case 'approve': return 'done';
    case 'requestChanges':
    case 'retry': return 'ready';
    case 'reassign': return columnOf(task.status);
  }
}

/** Turns an intent into the protocol's move, asking for the comment a change request needs. */
export async function completeMove(task: BoardTask, intent: MoveIntent): Promise<TaskMove | undefined> {
  if (intent.kind !== 'requestChanges') return intent;
  const comment = await askComment(task);
  return comment === undefined ? undefined : { kind: 'requestChanges', comment };
}

/** A modal asking what to change; resolves undefined when dismissed. */
export function askComment(task: BoardTask): Promise<string | undefined> {
  return new Promise((resolve) => {
    const text = h('textarea', { className: 'input', attrs: { rows: 5, 'aria-label': 'What should change', required: true } });
    const ok = h('button', { className: 'button', text: 'Request changes', attrs: { type: 'submit' } });
    const cancel = h('button', { className: 'button secondary', text: 'Cancel', attrs: { type: 'button' } });
    const form = h('form', { className: 'dialog-form', attrs: { method: 'dialog' } },
      h('h2', { text: `Request changes to ${task.id}` }),
      h('p', { className: 'muted', text: 'Your comment goes into the agent\'s next prompt.' }),
      text, h('div', { className: 'dialog-buttons' }, ok, cancel));
    const dialog = h('dialog', { className: 'dialog', attrs: { 'aria-label': `Request changes to ${task.id}` } }, form);
    document.body.append(dialog);
    let result: string | undefined;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (text.value.trim() === '') {
        text.focus();
        return;
      }
      result = text.value.trim();
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    dialog.showModal();
    text.focus();
  });
}

/** A keyboard menu at an element; resolves with the chosen item's value, or undefined. */
export function showMenu<T>(anchor: HTMLElement, label: string, items: { label: string; value: T }[]): Promise<T | undefined> {
  return new Promise((resolve) => {
    const menu = h('div', { className: 'menu', attrs: { role: 'menu', 'aria-label': label } });
    const buttons = (items.length ? items : [{ label: 'Nothing to do here', value: undefined }]).map((item) => {
      const b = h('button', { className: 'menu-item', text: item.label, attrs: { role: 'menuitem', type: 'button', tabindex: -1, disabled: item.value === undefined } });
      b.addEventListener('click', () => close(item.value));
      return b;
    });
    menu.append(...buttons);
    const rect = anchor.getBoundingClientRect();
    menu.style.left = `${Math.round(rect.left + 12)}px`;
    menu.style.top = `${Math.round(Math.min(rect.bottom - 8, window.innerHeight - 24 * buttons.length - 16))}px`;
    let index = 0;
    const focus = (i: number) => {
      index = (i + buttons.length) % buttons.length;
      buttons[index]!.focus();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowDown') focus(index + 1);
      else if (e.key === 'ArrowUp') focus(index - 1);
      else if (e.key === 'Home') focus(0);
      else if (e.key === 'End') focus(buttons.length - 1);
      else if (e.key === 'Escape' || e.key === 'Tab') close(undefined);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    const onOutside = (e: MouseEvent) => {
      if (!menu.contains(e.target as Node)) close(undefined);
    };
    function close(value: T | undefined): void {
      menu.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onOutside, true);
      menu.remove();
      anchor.focus();
      resolve(value);
    }
    menu.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onOutside, true);
    document.body.append(menu);
    focus(0);
  });
}
