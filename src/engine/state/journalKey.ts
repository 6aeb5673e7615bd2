import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fsyncDir } from './fsyncDir';

/**
 * `<state>/keys/`: secrets of the state folder that no agent may read. The sandbox masks this
 * folder from agents; the permissions (0700 folder, 0600 files) keep other local users out.
 */
export const KEYS_FOLDER = 'keys';
const KEY_FILE = 'journal.key';
const KEY_TEXT = /^[0-9a-f]{64}$/;

/** The folder of a state folder's keys. */
export function keysDirOf(stateDir: string): string {
  return path.join(stateDir, KEYS_FOLDER);
}

/**
 * The key every journal line of this state folder is MAC'd with (journalChain.ts). A writer
 * creates it on first use — 32 random bytes, written to a temp file and linked into place so
 * two processes racing to create it agree on one — a reader only reads it.
 *
 * Safety: the key never leaves this folder: it is not journalled, logged or passed to agents,
 * and its permissions are re-tightened on every open in case a copy or an editor loosened them.
 *
 * @returns undefined when `create` is false and there is no key (a state folder from an older
 *   Baton, or copied without its keys): MACs cannot be checked then.
 * @throws Error naming the file when it exists but is not a key (damaged or edited).
 */
export async function loadJournalKey(stateDir: string, options: { create: boolean }): Promise<KeyObject | undefined> {
  const dir = keysDirOf(stateDir);
  const file = path.join(dir, KEY_FILE);
  const existing = await readKey(file);
  if (existing || !options.create) return existing;
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700).catch(() => undefined);
  const tmp = path.join(dir, `.${KEY_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(`${randomBytes(32).toString('hex')}\n`, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fs.link(tmp, file); // fails if another process created it first: theirs wins
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.rm(tmp, { force: true });
  }
  await fsyncDir(dir);
  const created = await readKey(file);
  if (!created) throw new Error(`Could not create the journal key ${file}`);
  return created;
}

/**
 * The key, read synchronously, for the small files signed with it (decision requests); undefined
 * when there is none or it cannot be read — callers then neither sign nor check.
 */
export function readJournalKeySync(stateDir: string): KeyObject | undefined {
  try {
    const text = readFileSync(path.join(keysDirOf(stateDir), KEY_FILE), 'utf8').trim();
    return KEY_TEXT.test(text) ? createSecretKey(Buffer.from(text, 'hex')) : undefined;
  } catch {
    return undefined;
  }
}

async function readKey(file: string): Promise<KeyObject | undefined> {
  let text: string;
  try {
    text = (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read the journal key ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!KEY_TEXT.test(text)) throw new Error(`The journal key ${file} is damaged (expected 64 hex digits). Restore it from a backup; without it Baton cannot verify its journals.`);
  await fs.chmod(file, 0o600).catch(() => undefined);
  await fs.chmod(path.dirname(file), 0o700).catch(() => undefined);
  return createSecretKey(Buffer.from(text, 'hex'));
}
