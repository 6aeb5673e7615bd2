import * as vscode from 'vscode';

/** Where the extension writes notes for people: the Baton output channel. */
export interface OutputLog {
  appendLine(line: string): void;
  show(): void;
}

const KEEP = 300;

/**
 * The Baton output channel, also keeping its last lines so the test API can hand them to a
 * failing test (a run that ended in an error says why there).
 */
export class BatonOutput implements OutputLog, vscode.Disposable {
  readonly #channel = vscode.window.createOutputChannel('Baton');
  readonly #lines: string[] = [];

  appendLine(line: string): void {
    this.#lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (this.#lines.length > KEEP) this.#lines.shift();
    this.#channel.appendLine(line);
  }

  show(): void {
    this.#channel.show(true);
  }

  get lines(): readonly string[] {
    return this.#lines;
  }

  dispose(): void {
    this.#channel.dispose();
  }
}
