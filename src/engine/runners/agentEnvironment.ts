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
  /** Names the runner found in its CLI's own config (a codex provider's `env_key`). */
  configuredNames?: readonly string[];
  /** Baton's variables about the run; absent for commands that are not an agent (checks, setup). */
  baton?: BatonVariables;
}

/** Every agent: what a process needs to find programs, its home, locale and temp dir. */
export const BASE_NAMES = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_*', 'TZ', 'TERM', 'TMPDIR', 'SHELL', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR'];

/** Windows will not start most programs without these (they are absent elsewhere). */
export const WINDOWS_NAMES = ['SYSTEMROOT', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'TEMP', 'TMP'];

/**
 * How the machine reaches the network: without these an agent behind a corporate proxy or TLS
 * inspection cannot reach its model API at all.
 */
export const NETWORK_NAMES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE'];

/**
 * The credentials and settings each agent CLI documents; nothing else of the parent's leaks.
 * README "Environment" lists these exactly.
 */
export const RUNNER_NAMES: Readonly<Record<RunnerKind, readonly string[]>> = {
  'claude-code': [
    'ANTHROPIC_*', 'CLAUDE_CODE_*', 'CLAUDE_CONFIG_DIR',
    // Bedrock: the AWS SDK's credentials, profile and region (AWS_REGION picks the model path).
    'AWS_*',
    // Vertex AI: region per model family, project, service-account credentials.
    'CLOUD_ML_REGION', 'VERTEX_REGION_*', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT',
    'API_TIMEOUT_MS', 'MCP_TIMEOUT', 'MCP_TOOL_TIMEOUT', 'MAX_MCP_OUTPUT_TOKENS', 'MAX_THINKING_TOKENS',
    'BASH_DEFAULT_TIMEOUT_MS', 'BASH_MAX_TIMEOUT_MS', 'BASH_MAX_OUTPUT_LENGTH',
    'DISABLE_TELEMETRY', 'DISABLE_ERROR_REPORTING', 'DISABLE_AUTOUPDATER', 'DISABLE_BUG_COMMAND', 'DISABLE_COST_WARNINGS',
    'DISABLE_NON_ESSENTIAL_MODEL_CALLS', 'DISABLE_PROMPT_CACHING*',
  ],
  codex: ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_ORGANIZATION', 'OPENAI_PROJECT', 'CODEX_*', 'AZURE_OPENAI_API_KEY', 'RUST_LOG'],
  gemini: [
    'GEMINI_API_KEY', 'GEMINI_MODEL', 'GEMINI_CLI_*', 'GOOGLE_API_KEY', 'GOOGLE_GEMINI_BASE_URL', 'GOOGLE_VERTEX_BASE_URL',
    'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_PROJECT_ID', 'GOOGLE_CLOUD_LOCATION', 'GOOGLE_APPLICATION_CREDENTIALS',
    'GOOGLE_GENAI_USE_VERTEXAI', 'GOOGLE_GENAI_USE_GCA', 'CLOUD_SHELL', 'NO_BROWSER',
  ],
  aider: ['OPENAI_*', 'ANTHROPIC_*', 'AIDER_*', 'GEMINI_API_KEY', 'OPENROUTER_API_KEY', 'DEEPSEEK_API_KEY', 'AZURE_API_*', 'OLLAMA_API_BASE'],
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
  const allowed = compile([...BASE_NAMES, ...WINDOWS_NAMES, ...NETWORK_NAMES, ...RUNNER_NAMES[options.runner], ...(options.configuredNames ?? []), ...options.agentEnv]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value !== undefined && allowed(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(options.baton ?? {})) {
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
