import { diagnoseAgents, type RunnerDiagnosis } from '../engine/doctor/agentDoctor';
import { ExitCode, type Command } from './command';
import type { Output } from './output';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, loadWorkspaceArgs } from './workspaceArgs';

/** `baton doctor [dir]`: can the workspace's agents run here? */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: "Check that every agent's CLI is installed, supported and has its credentials",
  description: 'For every runner the workspace\'s agents use: whether its CLI is found (where, which version, whether Baton supports it) and whether the credentials it needs are set — variable names only, never their values. With --online, each CLI also answers a one-word request (a few tokens).',
  positionals: [DIR_POSITIONAL],
  options: {
    online: { type: 'boolean', description: 'Also send each agent CLI a one-word request through its real API (costs a few tokens).' },
    json: { type: 'boolean', description: 'Print one JSON object: {"ok","runners":[{"runner","agents","command","path","version","minimumVersion","supported","auth":{"ok","present","needs","loginFile","hint"},"online","problems"}],"agents":[{"name","runner","canRun","problems"}]}.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['doctor', 'doctor examples/ecommerce --json', 'doctor --online'],
  notes: ['Exit 0 when every agent can run, 1 when one cannot (each problem names its fix), 2 for usage problems (no config folder).'],
  async run(ctx) {
    const loaded = await loadWorkspaceArgs(ctx);
    const report = await diagnoseAgents(loaded.workspace, { env: ctx.io.env, online: ctx.args.flag('online') });
    if (ctx.args.flag('json')) {
      ctx.stdout.json(report);
      return report.ok ? ExitCode.ok : ExitCode.problems;
    }
    const s = ctx.stdout.style;
    if (report.runners.length === 0) ctx.stdout.line('No agents in this workspace.');
    for (const r of report.runners) printRunner(ctx.stdout, r);
    const blocked = report.agents.filter((a) => !a.canRun);
    ctx.stdout.line(blocked.length
      ? s.red(s.bold(`${blocked.length} of ${report.agents.length} agents cannot run: ${blocked.map((a) => a.name).join(', ')}.`))
      : s.green(s.bold(`All ${report.agents.length} agents can run.`)));
    return report.ok ? ExitCode.ok : ExitCode.problems;
  },
};

function printRunner(out: Output, r: RunnerDiagnosis): void {
  const s = out.style;
  const mark = r.problems.length ? s.red('✗') : s.green('✓');
  const cli = r.path ? `${r.version ?? 'version unknown'} at ${r.path}${r.minimumVersion ? s.dim(` (supported: ${r.minimumVersion} or later)`) : ''}` : r.command;
  out.line(`${mark} ${s.bold(r.runner)} — ${cli}`);
  out.line(s.dim(`    agents: ${r.agents.join(', ')}`));
  if (r.auth) {
    const login = r.auth.loginFile ? `login in ~/${r.auth.loginFile}` : undefined;
    const have = [r.auth.present.length ? r.auth.present.join(', ') : undefined, login].filter(Boolean).join('; ');
    out.line(`    credentials: ${r.auth.ok ? have : s.red(`none set (${r.auth.needs.map((g) => g.join(' + ')).join(' or ')})`)}`);
  }
  if (r.online) out.line(`    online: ${r.online.ok ? s.green(r.online.detail) : s.red(r.online.detail)} ${s.dim(`(${Math.round(r.online.durationMs)} ms)`)}`);
  for (const problem of r.problems) out.line(`    ${s.red('problem:')} ${problem}`);
}
