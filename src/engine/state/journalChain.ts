import { createHash, hash, timingSafeEqual, type Hash, type KeyObject } from 'node:crypto';

/*
 * The journal's tamper evidence (seed 003 §10.2, DESIGN.md "Security model"). Every line a
 * writer appends ends with two fields the JSON encoder would never put there by itself:
 *
 *   {"seq":7,…,"prev":"<sha256 of line 6>","mac":"<HMAC-SHA256 of this line up to prev>"}
 *
 * `prev` chains each line to the one before it, so deleting, inserting or moving a line breaks
 * the chain for anyone who re-hashes the file — no key needed. `mac` is keyed with a secret kept
 * in `<state>/keys/` (agents cannot read it inside the sandbox), so a line Baton did not write —
 * or an edit of the last line, which no later `prev` covers — fails verification too.
 *
 * The first chained line's `prev` is the hash of every byte before it: empty for a new run,
 * the whole legacy part for a journal an older Baton started, which is thereby sealed too.
 */

/** Hex SHA-256 of nothing: the `prev` of line 1 of a journal that was chained from the start. */
export const EMPTY_CHAIN = hash('sha256', '', 'hex');

const MAC_FIELD = ',"mac":"';
const HEX_CHARS = 64;
/** `,"mac":"` + 64 hex digits + `"}` */
const MAC_SUFFIX_CHARS = MAC_FIELD.length + HEX_CHARS + 2;
const HEX = /^[0-9a-f]{64}$/;

/** The hash a following line's `prev` must carry: hex SHA-256 of the line without its newline. */
export function lineHash(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * Adds `prev` and (with a key) `mac` to one serialised event, which must be a JSON object
 * ending in `}`. Returns the finished line without its newline.
 */
export function sealLine(json: string, prev: string, key: KeyObject | undefined): string {
  const body = `${json.slice(0, -1)},"prev":"${prev}"}`;
  if (!key) return body;
  return `${body.slice(0, -1)}${MAC_FIELD}${macOf(key, body)}"}`;
}

/** What one line's seal says about it. */
export interface LineSeal {
  /** The line carries `prev` (it was written by a chaining Baton, or claims to be). */
  chained: boolean;
  prev?: string;
  /** Checked against the key: true or false; undefined when there is no key or no MAC. */
  macValid?: boolean;
  hasMac: boolean;
}

/**
 * Reads the seal of a line that parsed as `value`. The MAC is recomputed over the exact text
 * before it, so re-serialising (another key order, other whitespace) counts as an edit.
 */
export function readSeal(text: string, value: { prev?: unknown; mac?: unknown }, key: KeyObject | undefined): LineSeal {
  const prev = typeof value.prev === 'string' && HEX.test(value.prev) ? value.prev : undefined;
  const hasMac = typeof value.mac === 'string' && macSuffixAt(text) !== undefined;
  const seal: LineSeal = { chained: prev !== undefined, hasMac, ...(prev ? { prev } : {}) };
  if (key && hasMac) {
    const cut = text.length - MAC_SUFFIX_CHARS;
    const body = `${text.slice(0, cut)}}`;
    const expected = Buffer.from(macOf(key, body), 'latin1');
    const found = Buffer.from(text.slice(cut + MAC_FIELD.length, cut + MAC_FIELD.length + HEX_CHARS), 'latin1');
    seal.macValid = timingSafeEqual(expected, found);
  }
  return seal;
}

// The MAC field must be the last one, exactly where sealLine put it.
function macSuffixAt(text: string): number | undefined {
  if (text.length < MAC_SUFFIX_CHARS + 2 || !text.endsWith('"}')) return undefined;
  const cut = text.length - MAC_SUFFIX_CHARS;
  if (text.slice(cut, cut + MAC_FIELD.length) !== MAC_FIELD) return undefined;
  return HEX.test(text.slice(cut + MAC_FIELD.length, text.length - 2)) ? cut : undefined;
}

/** The HMAC pads of a key, computed once per key. */
const pads = new WeakMap<KeyObject, { inner: Buffer; outer: Buffer }>();

/**
 * HMAC-SHA256 (RFC 2104) of `body`, as two one-shot hashes over precomputed pads: the same
 * value `createHmac` gives (a test holds it to that), at about two thirds of the cost — it is
 * paid once per journal line, on the commit path.
 */
export function macOf(key: KeyObject, body: string): string {
  let p = pads.get(key);
  if (!p) {
    const raw = key.export();
    const block = raw.length > 64 ? hash('sha256', raw, 'buffer') : raw;
    const inner = Buffer.alloc(64, 0x36);
    const outer = Buffer.alloc(64, 0x5c);
    for (let i = 0; i < block.length; i++) {
      inner[i]! ^= block[i]!;
      outer[i]! ^= block[i]!;
    }
    p = { inner, outer };
    pads.set(key, p);
  }
  const innerHash = hash('sha256', Buffer.concat([p.inner, Buffer.from(body, 'utf8')]), 'buffer');
  return hash('sha256', Buffer.concat([p.outer, innerHash]), 'hex');
}

/**
 * The running hash of a legacy (unchained) prefix: what the first chained line after it must
 * carry as `prev`. Lines are fed with their newline, exactly as they sit in the file.
 */
export class PrefixHash {
  #hash: Hash = createHash('sha256');
  #empty = true;

  add(text: string): void {
    this.#hash.update(text);
    this.#hash.update('\n');
    this.#empty = false;
  }

  digest(): string {
    return this.#empty ? EMPTY_CHAIN : this.#hash.copy().digest('hex');
  }
}

/** Why a line breaks the chain, in words for the person reading `resume`'s refusal. */
export type ChainFault =
  /** A line with no `prev` after chained lines: nothing Baton wrote. */
  | 'unchained'
  /** A chained line without a MAC where the key says every line has one. */
  | 'no-mac'
  /** The MAC does not match the line. */
  | 'bad-mac'
  /** `prev` is not the hash of the line before. */
  | 'broken-link';

/** A sentence describing a fault at line `line`. */
export function describeFault(fault: ChainFault, line: number): string {
  switch (fault) {
    case 'unchained': return `line ${line} carries no hash chain (\`prev\`), but the lines before it do: it was not written by Baton (inserted, or its chain fields removed)`;
    case 'no-mac': return `line ${line} carries no MAC: it was not written by Baton`;
    case 'bad-mac': return `line ${line} does not match its MAC: it was changed after Baton wrote it, or Baton never wrote it`;
    case 'broken-link': return line === 1
      ? 'line 1 does not start the hash chain: lines were deleted or inserted before it, or the unchained lines before it were changed'
      : `line ${line} does not chain to line ${line - 1} (its \`prev\` is not line ${line - 1}'s hash): a line was deleted, inserted or moved here`;
  }
}
