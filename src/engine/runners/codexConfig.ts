import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** What Baton reads of the codex config an agent will use. */
export interface CodexConfigFacts {
  file: string;
  /** The top-level `model`, when set. */
  model?: string;
  /** The top-level `model_provider`, when set. */
  provider?: string;
  /** `env_key` of every `[model_providers.<id>]`: the variables holding their API keys. */
  envKeys: Map<string, string>;
}

/**
 * The codex config file the agent will read: `$CODEX_HOME/config.toml`, else
 * `$HOME/.codex/config.toml`. `env` is the environment the agent gets, passed in by the caller.
 */
export function codexConfigFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.CODEX_HOME) return path.join(env.CODEX_HOME, 'config.toml');
  return env.HOME ? path.join(env.HOME, '.codex', 'config.toml') : undefined;
}

/**
 * Reads the few keys Baton needs from codex's config.toml. Not a TOML parser: top-level
 * `key = "value"` lines and `[model_providers.<id>]` tables' `env_key`, which is all codex's
 * documented config uses for these. Undefined when there is no readable file.
 */
export function readCodexConfig(env: Readonly<Record<string, string | undefined>>): CodexConfigFacts | undefined {
  const file = codexConfigFile(env);
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const facts: CodexConfigFacts = { file, envKeys: new Map() };
  let table = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      table = header[1]!.replace(/"/g, '');
      continue;
    }
    const pair = /^([\w.-]+)\s*=\s*["']([^"']*)["']$/.exec(line);
    if (!pair) continue;
    const [, key, value] = pair as unknown as [string, string, string];
    if (table === '' && key === 'model') facts.model = value;
    else if (table === '' && key === 'model_provider') facts.provider = value;
    else if (key === 'env_key' && table.startsWith('model_providers.')) facts.envKeys.set(table.slice('model_providers.'.length), value);
  }
  return facts;
}
