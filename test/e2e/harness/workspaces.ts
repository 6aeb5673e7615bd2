import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exampleRepo, removeExampleRepo } from '../../support/exampleRepo';

export const ROOT = path.resolve(__dirname, '../../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

const OBSERVED_SPRINT = `# Added by the in-host e2e: a second sprint, which the suite runs from the CLI while the
# window observes it (a sprint's second run would reuse the first run's branch names).
sprint:
  id: observed
  name: Observed from the CLI
  teams: [engineering]
  tasks:
    - { id: obs-schema, title: Schema notes, assignee: database-taylor, estimate: 1 }
    - { id: obs-actions, title: Action notes, assignee: backend-morgan, estimate: 1, dependencies: [obs-schema] }
    - { id: obs-ui, title: UI notes, assignee: frontend-sam, estimate: 1, dependencies: [obs-schema] }
`;

/** A copy of examples/auth in a fresh git repository, plus a small `observed` sprint for the CLI. */
export function authWorkspace(): string {
  const dir = exampleRepo('auth');
  fs.writeFileSync(path.join(dir, '.claude', 'sprints', 'observed.yaml'), OBSERVED_SPRINT);
  commitAll(dir, 'e2e: a sprint for the CLI');
  return dir;
}

function commitAll(dir: string, message: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Baton test', '-c', 'user.email=test@baton.invalid', ...args], { cwd: dir, stdio: 'pipe' });
  git('add', '-A');
  git('commit', '-qm', message);
}

/**
 * examples/auth where `deploy-auth`'s agent (devops-casey) writes and commits its files, then
 * waits for `gate` to exist before reporting: the UI test opens that task's worktree diff
 * while the worktree certainly has changes, then opens the gate. Deterministic, no timing.
 */
export function gatedAuthWorkspace(): { dir: string; gate: string } {
  const dir = exampleRepo('auth');
  fs.copyFileSync(path.join(__dirname, '..', 'fixtures', 'gated-agent.mjs'), path.join(dir, 'scripts', 'gated-agent.mjs'));
  fs.chmodSync(path.join(dir, 'scripts', 'gated-agent.mjs'), 0o755);
  const agent = path.join(dir, '.claude', 'agents', 'devops-casey.md');
  fs.writeFileSync(agent, fs.readFileSync(agent, 'utf8').replace('script: scripts/scripted-agent.mjs', 'script: scripts/gated-agent.mjs'));
  commitAll(dir, 'e2e: gate deploy-auth');
  return { dir, gate: `${dir}.gate` };
}

export function removeWorkspace(dir: string): void {
  removeExampleRepo(dir);
  fs.rmSync(`${dir}.gate`, { force: true });
}

/**
 * examples/auth where the three design tasks wait for review (`review: true`), and Morgan may
 * also write the schema (`db/**`): three handoffs in review with nothing running, and a member
 * the review panel can hand the schema task to, boundaries allowing.
 */
export function reviewAuthWorkspace(): string {
  const dir = exampleRepo('auth');
  const sprint = path.join(dir, '.claude', 'sprints', 'auth-feature.yaml');
  let text = fs.readFileSync(sprint, 'utf8');
  for (const id of ['design-auth-strategy', 'design-login-ui', 'design-user-schema']) {
    text = text.replace(new RegExp(`(    - id: ${id}\n)`), '$1      review: true\n');
  }
  fs.writeFileSync(sprint, text);
  const morgan = path.join(dir, '.claude', 'agents', 'backend-morgan.md');
  fs.writeFileSync(morgan, fs.readFileSync(morgan, 'utf8').replace('owns: ["app/actions/**", "lib/**", "work/**"]', 'owns: ["app/actions/**", "lib/**", "db/**", "work/**"]'));
  commitAll(dir, 'e2e: review the design tasks; Morgan may write the schema');
  return dir;
}

/** examples/ecommerce (22 tasks) with a GitHub remote, so the result offers Push and open PR. */
export function ecommerceWorkspace(): string {
  const dir = exampleRepo('ecommerce');
  execFileSync('git', ['remote', 'add', 'origin', 'git@github.com:acme/shop.git'], { cwd: dir, stdio: 'pipe' });
  return dir;
}
