import * as path from 'node:path';
import { decisionPending, submitDecision } from '../engine/coordination/decisionRequests';
import { decide, type ReviewDecision } from '../engine/coordination/reviewDecision';
import { decideOnIdleRun } from '../engine/run/idleDecision';
import { RunError } from '../engine/run/runError';
import { inspectCurrentRun, stateDirFor } from '../engine/run/runInspection';
import { LeaseHeldError } from '../engine/state/lease';
import { cliActor } from './cliActor';
import { ExitCode, type Command, type CommandContext } from './command';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, nothingRunYet } from './workspaceArgs';

/** How long a decision handed to a running engine is waited for before the CLI says it is queued. */
const DELIVERY_WAIT_MS = 30_000;

export const approveCommand: Command = {
  name: 'approve',
  summary: 'Approve a task waiting for review: it becomes done and the tasks after it may start',
  description: 'If no Baton process runs the workspace (a `baton run` paused waiting for review), the approval is journalled here and `baton resume` carries the run on. If one does (VS Code, another terminal), it is handed to that process, which applies it at once.',
  positionals: [{ name: 'task', description: 'The task id (`baton review` lists them).' }, DIR_POSITIONAL],
  options: {
    by: { type: 'string', valueName: 'name', description: 'Who approves, for the journal.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['approve task-oauth', 'approve task-oauth --by alice'],
  notes: ['Exit 0 when the decision was recorded (or handed to the running engine), 1 when it was refused (the task is not in review), 2 when there is no run.'],
  run: (ctx) => deliverDecision(ctx, { kind: 'approve', task: ctx.args.positional('task')!, ...(ctx.args.option('by') ? { by: ctx.args.option('by')! } : {}) }, 'baton approve'),
};

/**
 * Hands a decision to the run: journalled here when no engine runs it, else dropped for the
 * engine holding the lease (which polls for decisions while tasks wait in review) and waited
 * for until it is taken. Refusals (wrong status, no comment) are checked first, from the
 * journal, so the person hears at once.
 */
export async function deliverDecision(ctx: CommandContext, decision: ReviewDecision, name: string): Promise<ExitCode> {
  const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
  const configRoot = ctx.args.option('config-root');
  const stateDir = stateDirFor(dir, configRoot);
  const snapshot = await inspectCurrentRun(stateDir);
  if (!snapshot) {
    ctx.stderr.line(`${name}: ${nothingRunYet(dir)}`);
    return ExitCode.usage;
  }
  decision = { ...decision, actor: await cliActor(ctx, dir) };
  const checked = decide(snapshot.state, decision);
  if ('refused' in checked) {
    ctx.stderr.line(`${name}: ${checked.refused}`);
    return ExitCode.problems;
  }
  if (!snapshot.holder || snapshot.holder.pid === ctx.io.pid) {
    try {
      await decideOnIdleRun({ root: dir, ...(configRoot !== undefined ? { configRoot } : {}), decision, owner: name, redactor: ctx.redactor });
      ctx.stdout.line(`${done(decision)}. \`baton resume\` carries run ${snapshot.runId} on.`);
      return ExitCode.ok;
    } catch (error) {
      if (RunError.is(error)) {
        ctx.stderr.line(`${name}: ${error.message}`);
        return error.code === 'nothing-to-resume' ? ExitCode.usage : ExitCode.problems;
      }
      if (!LeaseHeldError.is(error)) throw error;
      // An engine took the run over meanwhile: hand the decision to it instead.
    }
  }
  const file = submitDecision(stateDir, decision);
  const holder = (await inspectCurrentRun(stateDir))?.holder ?? snapshot.holder;
  for (let waited = 0; waited < DELIVERY_WAIT_MS && decisionPending(file); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (decisionPending(file)) {
    ctx.stdout.line(`${done(decision)}: queued for ${holder ? `${holder.owner} (pid ${holder.pid})` : 'the next engine'}, which applies it when it next looks (it looks while tasks wait for review).`);
    return ExitCode.ok;
  }
  const after = (await inspectCurrentRun(stateDir))?.state.tasks.get(decision.task);
  ctx.stdout.line(`${done(decision)}; ${holder ? `${holder.owner} (pid ${holder.pid})` : 'the running engine'} took it — the task is now ${after?.status ?? 'unknown'}.`);
  return ExitCode.ok;
}

function done(decision: ReviewDecision): string {
  switch (decision.kind) {
    case 'approve': return `Approved ${decision.task}`;
    case 'request-changes': return `Sent ${decision.task} back with your comment`;
    case 'reassign': return `Reassigned ${decision.task} to ${decision.agent}`;
    case 'skip': return `Skipped ${decision.task}`;
    case 'accept': return `Accepted ${decision.task} as it is`;
  }
}
