import type { Redactor } from '../engine/secrets/redactor';
import type { TextSink } from './cliIo';

/**
 * A stream that never receives a secret of the CLI's environment: each write is redacted
 * (`[redacted:NAME]`) before it reaches the terminal, a pipe or a CI log. Writes are whole
 * lines or whole JSON events here, so no secret is split between two of them.
 */
export function redactingSink(sink: TextSink, redactor: Redactor): TextSink {
  if (!redactor.active) return sink;
  return { write: (text: string) => sink.write(redactor.redact(text)) };
}
