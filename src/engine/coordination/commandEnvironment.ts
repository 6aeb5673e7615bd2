/** Variables a check command (checklist verify, sync check, prerequisite) gets from the host. */
const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TEMP', 'TMP', 'USER', 'SystemRoot', 'ComSpec', 'PATHEXT'] as const;

/**
 * The environment for commands Baton runs itself to check work: an allow-list of the host's
 * variables (enough to find programs and a home folder), never its secrets. The engine reads no
 * `process.env`; the front passes the host environment in.
 */
export function commandEnvironment(hostEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED_THROUGH) {
    const value = hostEnv[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}
