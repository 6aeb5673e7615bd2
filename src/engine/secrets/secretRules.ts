/**
 * Which values of an environment are secrets, decided once by the front from the host
 * environment (the engine never reads `process.env`). The rule is deliberately narrow where a
 * false positive hurts — every occurrence of a secret's value is replaced in every log and
 * message, so calling `GIT_AUTHOR_NAME`'s value a secret would blank out a name everywhere —
 * and broad where a miss leaks a credential.
 *
 * A variable's value is a secret when
 *  1. its name has a part (split on `_`, `-`, `.`) that is or ends with KEY, TOKEN, SECRET,
 *     PASSWORD, PASSWD, PASSPHRASE, CREDENTIAL (or their plurals), starts with AUTH but is not
 *     AUTHOR(S) (`GIT_AUTHOR_NAME` holds a name, `AUTHORIZATION` a credential), or is PASS / PWD
 *     in a longer name (`DB_PASS`, `MYSQL_PWD`, not `PWD`);
 *     and the value is at least {@link MIN_SECRET_LENGTH} characters, not only digits, not an
 *     absolute path and not a URL without credentials (those name where a secret is, not the
 *     secret: `GOOGLE_APPLICATION_CREDENTIALS=/home/me/key.json`); or
 *  2. whatever its name, the value starts with a known credential prefix (`sk-`, `ghp_`,
 *     `AKIA`, …, see {@link KNOWN_PREFIXES}), is at least {@link MIN_PREFIXED_LENGTH} characters
 *     and has no whitespace, or looks like a JSON Web Token; or
 *  3. the value is a URL with a password (`postgres://me:hunter22@db/app`): the password part
 *     is a secret (and so is the whole URL).
 */

/** Shorter values are never treated as secrets: redacting `1` or `dev` would shred every log. */
export const MIN_SECRET_LENGTH = 8;
/** A value with a known prefix must be at least this long: real tokens are far longer, and `sk-1` is not one. */
export const MIN_PREFIXED_LENGTH = 20;

/** Prefixes of credentials issued by common services (API keys, personal access tokens, bot tokens). */
export const KNOWN_PREFIXES: readonly string[] = [
  'sk-ant-', 'sk-proj-', 'sk-', // Anthropic, OpenAI
  'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', // GitHub
  'glpat-', // GitLab
  'xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-', // Slack
  'AKIA', 'ASIA', // AWS access key ids
  'AIza', 'ya29.', // Google API keys, OAuth access tokens
  'npm_', 'pypi-', 'hf_', // package registries, Hugging Face
  'sk_live_', 'sk_test_', 'rk_live_', // Stripe
  'SG.', 'dop_v1_', 'shpat_', 'glc_', 'gsk_', // SendGrid, DigitalOcean, Shopify, Grafana, Groq
];

const NAME_WORDS = ['KEY', 'KEYS', 'TOKEN', 'TOKENS', 'SECRET', 'SECRETS', 'PASSWORD', 'PASSWORDS', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'CREDENTIALS'];
/** Variables whose names match a word but hold nothing secret. */
const NOT_SECRET_NAMES = new Set(['PWD', 'OLDPWD', 'SSH_AUTH_SOCK', 'KEYTIMEOUT']);
const JWT = /^eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+$/;

/** One secret value and the variable it came from. */
export interface Secret {
  name: string;
  value: string;
}

/** True when a variable of this name holds a secret, by rule 1 (the name alone). */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (NOT_SECRET_NAMES.has(upper)) return false;
  const parts = upper.split(/[_.-]+/).filter(Boolean);
  return parts.some((part) => (
    NAME_WORDS.some((word) => part === word || part.endsWith(word))
    || (part.startsWith('AUTH') && part !== 'AUTHOR' && part !== 'AUTHORS')
    || (parts.length > 1 && (part === 'PASS' || part === 'PWD'))
  ));
}

/** True when a value, whatever its variable, is a credential by its shape (rule 2). */
export function hasSecretShape(value: string): boolean {
  if (/\s/.test(value)) return false;
  if (JWT.test(value)) return true;
  return value.length >= MIN_PREFIXED_LENGTH && KNOWN_PREFIXES.some((prefix) => value.startsWith(prefix));
}

/** Every secret of an environment, one entry per distinct value (the first name in sorted order names it). */
export function secretsOf(env: Readonly<Record<string, string | undefined>>): Secret[] {
  const byValue = new Map<string, string>();
  const add = (name: string, value: string): void => {
    if (!byValue.has(value)) byValue.set(value, name);
  };
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value === undefined) continue;
    const trimmed = value.trim();
    if (isSecretName(name) && plausibleSecretValue(trimmed)) add(name, trimmed);
    else if (hasSecretShape(trimmed)) add(name, trimmed);
    for (const password of urlPasswords(trimmed)) {
      add(name, password);
      add(name, trimmed);
    }
  }
  return [...byValue].map(([value, name]) => ({ name, value }));
}

function plausibleSecretValue(value: string): boolean {
  if (value.length < MIN_SECRET_LENGTH) return false;
  if (/^\d+$/.test(value)) return false;
  if (/^(\/|~\/|[A-Za-z]:[\\/])/.test(value)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && urlPasswords(value).length === 0) return false;
  return true;
}

/** The password of a `scheme://user:password@host` URL as written and percent-decoded, when long enough to redact. */
function urlPasswords(value: string): string[] {
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:([^@/\s]+)@/i.exec(value)?.[1];
  if (password === undefined) return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // not percent-encoded after all: keep it as written
  }
  return [...new Set([password, decoded])].filter((p) => p.length >= MIN_SECRET_LENGTH);
}
