/** What a process needs to find programs, its home (git's global config), locale and temp dir. */
const PASSED = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_*', 'TZ', 'TMPDIR', 'XDG_CONFIG_HOME',
  // Windows will not start git without these (they are absent elsewhere).
  'SYSTEMROOT', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'TEMP', 'TMP', 'HOMEDRIVE', 'HOMEPATH',
  // Who commits: the identity a user or CI sets for every git command.
  'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_AUTHOR_DATE', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_COMMITTER_DATE',
];

/** A git environment's variables: built by {@link gitEnvironment}, never the engine's own. */
export type GitEnvironment = Readonly<Record<string, string>>;

/**
 * The environment Baton's own git commands run with: an allow-list of the host's variables.
 *
 * Safety: git runs programs the repository names — hooks (switched off separately, see
 * `GitRunner`), filters, credential helpers — and every one inherits git's environment. The
 * engine's holds the user's API keys and cloud credentials; none of them reaches git. Nor do
 * `GIT_DIR`, `GIT_INDEX_FILE` or `GIT_CONFIG_*` of a parent process (a hook, a test runner), which
 * would silently point Baton's commands at another repository.
 */
export function gitEnvironment(hostEnv: Readonly<Record<string, string | undefined>>): GitEnvironment {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(hostEnv)) {
    if (value === undefined) continue;
    const key = process.platform === 'win32' ? name.toUpperCase() : name;
    if (PASSED.some((p) => (p.endsWith('*') ? key.startsWith(p.slice(0, -1)) : key === p))) env[name] = value;
  }
  return env;
}
