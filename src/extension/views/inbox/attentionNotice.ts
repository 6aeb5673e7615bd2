import * as vscode from 'vscode';
import { COMMANDS } from '../../commandIds';
import { attentionText, type InboxItem } from './inboxItems';

/**
 * One notification for everything that waits for a person, kept true: it appears when
 * something new needs them, its text follows the Inbox as items come and go, and it closes by
 * itself once nothing is left — no stale "… waits for your review" after the approval. (A
 * progress notification is the one kind an extension can update and close.) Its links answer
 * the question (a pick when there are several), review the next handoff, or show the Inbox.
 */
export class AttentionNotice implements vscode.Disposable {
  #open: { report: (message: string) => void; close: () => void } | undefined;
  #text = '';

  /** The Inbox changed; `fresh` says whether an item appeared that was not announced before. */
  update(items: readonly InboxItem[], fresh: boolean): void {
    if (items.length === 0) {
      this.#close();
      return;
    }
    const text = `${attentionText(items)}. ${links(items).join(' · ')}`;
    if (this.#open) {
      if (text !== this.#text) this.#open.report(text);
    } else if (fresh) {
      this.#show(text);
    }
    this.#text = text;
  }

  /** Whether the notification is showing (for the test API). */
  get showing(): string | undefined {
    return this.#open ? this.#text : undefined;
  }

  #show(text: string): void {
    let close: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (close = resolve));
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Baton', cancellable: false }, (progress) => {
      const open = { report: (message: string) => progress.report({ message }), close };
      this.#open = open;
      progress.report({ message: text });
      return closed.finally(() => {
        if (this.#open === open) this.#open = undefined;
      });
    });
  }

  #close(): void {
    this.#open?.close();
    this.#open = undefined;
    this.#text = '';
  }

  dispose(): void {
    this.#close();
  }
}

function links(items: readonly InboxItem[]): string[] {
  const out: string[] = [];
  const questions = items.filter((i) => i.kind === 'question' && i.question);
  if (questions.length) {
    const arg = questions.length === 1 ? `?${encodeURIComponent(JSON.stringify([questions[0]!.question!.id]))}` : '';
    out.push(`[Answer](command:${COMMANDS.answerQuestion.id}${arg})`);
  }
  if (items.some((i) => i.kind === 'review')) out.push(`[Review next](command:${COMMANDS.reviewNext.id})`);
  out.push('[Show Inbox](command:baton.inbox.focus)');
  return out;
}
