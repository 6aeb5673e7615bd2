import * as fs from 'node:fs/promises';
import type { Redactor } from './redactor';

/**
 * Reads an agent's result file (`BATON_RESULT_FILE`), and rewrites it redacted when it holds a
 * secret: an agent may put a stolen value in its summary, and the file lives under
 * `.claude/state`, where no secret may stay. Undefined when there is no file.
 */
export async function readRedactedResult(file: string, redactor: Redactor | undefined): Promise<string | undefined> {
  const content = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (content === undefined || !redactor?.active) return content;
  const redacted = redactor.redact(content);
  if (redacted !== content) await fs.writeFile(file, redacted);
  return redacted;
}
