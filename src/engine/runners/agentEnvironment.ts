import type { RunnerKind } from '../model/agentSchema';

/** The variables Baton gives every agent about its run. */
export interface BatonVariables {
  BATON_TASK_ID: string;
  BATON_SPRINT_ID: string;
  BATON_AGENT: string;
  BATON_WORKTREE: string;
  BATON_PROMPT_FILE: string;
  BATON_RESULT_FILE: string;
  /** A port reserved for this task, when the orchestrator hands them out. */
  BATON_PORT?: string | number;
}

export interface AgentEnvOptions {
  runner: RunnerKind;
  /** Extra names from the agent's `env` key; a trailing `*` passes every name with that prefix. */
  agentEnv: readonly string[];
  baton: BatonVariables;
}

/** Every agent: what a process needs to find programs, its home, locale and temp dir. */
const BASE = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_*', 'TZ', 'TERM', 'TMPDIR', 'SHELL'];

/** Windows will not start most programs without these (they are absent elsewhere). */
const WINDOWS = ['SYSTEMROOT', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'TEMP', 'TMP'];

/**
 * How the machine reaches the network: without these an agent behind a corporate proxy or TLS
 * inspection cannot reach its model API at all.
 */
const NETWORK = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];

/** The credentials and settings each agent CLI reads; nothing else of the parent's leaks. */
const RUNNER_NAMES: Readonly<Record<RunnerKind, readonly string[]>> = {
  'claude-code': ['ANTHROPIC_*', 'CLAUDE_CODE_*', 'CLAUDE_CONFIG_DIR'],
  codex: ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'CODEX_HOME'],
  gemini: ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_GENAI_USE_VERTEXAI'],
  aider: ['OPENAI_*', 'ANTHROPIC_*', 'AIDER_*'],
  command: [],
  script: [],
};

/**
 * The environment of an agent process: an allow-list of the parent's variables (basics,
 * network settings, the runner's credentials, the agent's declared names) plus Baton's own
 * `BATON_*` variables, which win over anything inherited. Everything else — tokens and secrets
 * of the engine's own environment — stays out.
 *
 * @param parentEnv the environment to filter, passed in by the caller (the engine never reads `process.env`).
 */
export function buildAgentEnv(parentEnv: Readonly<Record<string, string | undefined>>, options: AgentEnvOptions): Record<string, string> {
  const allowed = compile([...BASE, ...WINDOWS, ...NETWORK, ...RUNNER_NAMES[options.runner], ...options.agentEnv]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value !== undefined && allowed(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(options.baton)) {
    if (value !== undefined) env[name] = String(value);
  }
  return env;
}

function compile(patterns: readonly string[]): (name: string) => boolean {
  // Windows variable names are case-insensitive (`Path`, `SystemRoot`).
  const fold = process.platform === 'win32' ? (s: string) => s.toUpperCase() : (s: string) => s;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    const trimmed = pattern.trim();
    if (!trimmed) continue;
    if (trimmed.endsWith('*')) prefixes.push(fold(trimmed.slice(0, -1)));
    else exact.add(fold(trimmed));
  }
  return (name) => {
    const folded = fold(name);
    return exact.has(folded) || prefixes.some((prefix) => prefix !== '' && folded.startsWith(prefix));
  };
}
