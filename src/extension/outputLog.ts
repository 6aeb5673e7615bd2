import * as vscode from 'vscode';
import { Redactor } from '../engine/secrets/redactor';

/** Where the extension writes notes for people: the Baton output channel. */
export interface OutputLog {
  appendLine(line: string): void;
  show(): void;
  /** The host's secrets replaced by `[redacted:NAME]`: for any text shown elsewhere (notifications, terminals). */
  redact(text: string): string;
}

const KEEP = 300;

/**
 * The Baton output channel, also keeping its last lines so the test API can hand them to a
 * failing test (a run that ended in an error says why there).
 */
export class BatonOutput implements OutputLog, vscode.Disposable {
  readonly #channel = vscode.window.createOutputChannel('Baton');
  readonly #lines: string[] = [];
  /** Built once from the extension host's environment; the same one the engine gets. */
  readonly redactor: Redactor;

  constructor(redactor: Redactor = Redactor.none) {
    this.redactor = redactor;
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  // Safety: every line reaches the channel redacted, whatever produced it.
  appendLine(raw: string): void {
    const line = this.redactor.redact(raw);
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
