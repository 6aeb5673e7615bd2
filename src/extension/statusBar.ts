import * as vscode from 'vscode';
import type { BatonWorkspace } from './batonWorkspace';
import { COMMANDS } from './commandIds';
import { DisposableStore } from './lifecycle';
import { statusView } from './statusText';

/** The active sprint in the status bar: done / total and running; a click opens the board, or what waits for a person. */
export class BatonStatusBar implements vscode.Disposable {
  readonly #ws: BatonWorkspace;
  readonly #store = new DisposableStore();
  readonly #item: vscode.StatusBarItem;
  readonly #changed: vscode.EventEmitter<void>;
  /** Fires when what the item shows changed (the test API's change event follows it). */
  readonly onDidChange: vscode.Event<void>;
  #pending = false;

  constructor(ws: BatonWorkspace) {
    this.#ws = ws;
    this.#item = this.#store.add(vscode.window.createStatusBarItem('baton.sprint', vscode.StatusBarAlignment.Left, 50));
    this.#item.name = 'Baton Sprint';
    this.#item.command = COMMANDS.openBoard.id;
    this.#changed = this.#store.add(new vscode.EventEmitter<void>());
    this.onDidChange = this.#changed.event;
    this.#store.add(ws.onEvent(() => this.#schedule()));
    this.#store.add(ws.onDidReload(() => this.update()));
    this.#store.add(ws.onDidChangeRunner(() => this.update()));
  }

  /** The text shown now (undefined when hidden), for the test API. */
  get text(): string | undefined {
    return this.#shown ? this.#item.text : undefined;
  }

  #shown = false;

  update(): void {
    const before = this.text;
    this.#draw();
    if (this.text !== before) this.#changed.fire();
  }

  #draw(): void {
    const run = this.#ws.current?.run;
    const view = run ? statusView(run, this.#ws.observingText) : undefined;
    if (!view) {
      this.#item.hide();
      this.#shown = false;
      return;
    }
    this.#item.text = view.text;
    this.#item.tooltip = view.tooltip;
    this.#item.command = view.waitsFor === 'review' ? COMMANDS.reviewNext.id : view.waitsFor === 'answer' ? COMMANDS.answerQuestion.id : COMMANDS.openBoard.id;
    this.#item.show();
    this.#shown = true;
  }

  /** Many events arrive together; one redraw per tick is enough. */
  #schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    setImmediate(() => {
      this.#pending = false;
      this.update();
    });
  }

  dispose(): void {
    this.#store.dispose();
  }
}
