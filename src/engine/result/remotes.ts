/** A git remote and, where its URL says so, the GitHub or GitLab project behind it. */
export interface RemoteInfo {
  name: string;
  url: string;
  host?: 'github' | 'gitlab';
  /** `https://github.com/owner/repo` (no `.git`), for links. */
  web?: string;
}

/**
 * Reads a remote URL — `git@github.com:o/r.git`, `https://gitlab.com/g/s/p.git`,
 * `ssh://git@host/o/r` — and says whether it is GitHub or GitLab (by host name: `github.com`,
 * `gitlab.com`, or a host whose name contains `github` / `gitlab`, as self-hosted ones do).
 */
export function parseRemote(name: string, url: string): RemoteInfo {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+?)(?:\.git)?\/?$/.exec(url);
  const full = /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(url);
  const m = full ?? (url.includes('://') ? null : scp);
  if (!m) return { name, url };
  const hostName = m[1]!.toLowerCase();
  const host = hostName.includes('github') ? 'github' : hostName.includes('gitlab') ? 'gitlab' : undefined;
  if (!host) return { name, url };
  return { name, url, host, web: `https://${hostName}/${m[2]}` };
}

/** The page that opens a pull (merge) request of `branch` into `base` when no CLI is at hand. */
export function compareUrl(remote: RemoteInfo, branch: string, base: string): string | undefined {
  if (!remote.web) return undefined;
  const b = encodeURIComponent(branch);
  const path = (ref: string) => ref.split('/').map(encodeURIComponent).join('/');
  if (remote.host === 'github') return `${remote.web}/compare/${path(base)}...${path(branch)}?expand=1`;
  return `${remote.web}/-/merge_requests/new?merge_request%5Bsource_branch%5D=${b}&merge_request%5Btarget_branch%5D=${encodeURIComponent(base)}`;
}
