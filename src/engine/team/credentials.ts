import { createHash, randomBytes } from 'node:crypto';
import type { Caller } from './permissions';

/**
 * Per-attempt bearer tokens for Baton's MCP server. A token names exactly one caller (an agent
 * on one task's attempt, or answering one question), lives only in memory, and is revoked when
 * the attempt ends: it cannot be used for another task, after the attempt, or by a later engine.
 * Only a hash is kept, so the registry never holds a usable token.
 */
export class CredentialRegistry {
  readonly #byHash = new Map<string, Caller>();
  readonly #onRevoked = new Set<(caller: Caller) => void>();

  /** A new random token for `caller` (256 bits, base64url). */
  issue(caller: Caller): { token: string; revoke: () => void } {
    const token = randomBytes(32).toString('base64url');
    const key = hash(token);
    this.#byHash.set(key, caller);
    return { token, revoke: () => this.#revoke(key) };
  }

  /** Calls `listener` with each caller whose credential is revoked (the server closes its sessions). */
  onRevoked(listener: (caller: Caller) => void): void {
    this.#onRevoked.add(listener);
  }

  #revoke(key: string): void {
    const caller = this.#byHash.get(key);
    if (!caller) return;
    this.#byHash.delete(key);
    for (const listener of this.#onRevoked) listener(caller);
  }

  /** The caller a token stands for, or undefined (unknown, revoked, malformed). */
  resolve(token: string | undefined): Caller | undefined {
    if (!token || token.length > 200) return undefined;
    return this.#byHash.get(hash(token));
  }

  /** Callers with a live credential, for delivering questions to running agents. */
  live(): Caller[] {
    return [...this.#byHash.values()];
  }

  revokeAll(): void {
    for (const key of [...this.#byHash.keys()]) this.#revoke(key);
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
