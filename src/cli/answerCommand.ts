import * as path from 'node:path';
import { decisionPending, submitDecision } from '../engine/coordination/decisionRequests';
import { answerOnIdleRun } from '../engine/run/idleAnswer';
import { RunError } from '../engine/run/runError';
import { inspectCurrentRun, stateDirFor } from '../engine/run/runInspection';
import { LeaseHeldError } from '../engine/state/lease';
import { personAnswerRefusal } from '../engine/team/teamHub';
import { cliActor } from './cliActor';
import { ExitCode, type Command } from './command';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, nothingRunYet } from './workspaceArgs';

/** How long an answer handed to a running engine is waited for before the CLI says it is queued. */
const DELIVERY_WAIT_MS = 30_000;

export const answerCommand: Command = {
  name: 'answer',
  summary: "Answer an agent's question: the task waiting for it goes on with your answer",
  description: 'If a Baton process runs the workspace, the answer is handed to it and the parked task continues at once (in the same agent session where its CLI resumes sessions). Otherwise it is journalled here and `baton resume` continues the run.',
  positionals: [
    { name: 'question-id', description: 'The question (`baton inbox` lists them), e.g. q-3.' },
    { name: 'text', description: 'Your answer; quote it.' },
    DIR_POSITIONAL,
  ],
  options: {
    by: { type: 'string', valueName: 'name', description: 'Who answers, for the journal (default: `BATON_ACTOR`, else `git config user.name`).' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['answer q-3 "Redis, with a 15 minute TTL"', 'answer q-3 "Use PostgreSQL" examples/teams-talk --by alice'],
  notes: ['Exit 0 when the answer was recorded (or handed to the running engine), 1 when it was refused (no such question, already answered, empty), 2 when there is no run.'],
  async run(ctx) {
    const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
    const configRoot = ctx.args.option('config-root');
    const stateDir = stateDirFor(dir, configRoot);
    const question = ctx.args.positional('question-id')!;
    const text = ctx.args.positional('text')!;
    const by = ctx.args.option('by');
    const snapshot = await inspectCurrentRun(stateDir);
    if (!snapshot) {
      ctx.stderr.line(`baton answer: ${nothingRunYet(dir)}`);
      return ExitCode.usage;
    }
    const q = snapshot.state.team?.questions.find((x) => x.id === question);
    const refused = personAnswerRefusal(q, question, text);
    if (refused) {
      ctx.stderr.line(`baton answer: ${refused}`);
      return ExitCode.problems;
    }
    const actor = await cliActor(ctx, dir);
    if (!snapshot.holder || snapshot.holder.pid === ctx.io.pid) {
      try {
        const done = await answerOnIdleRun({ root: dir, ...(configRoot !== undefined ? { configRoot } : {}), question, text, ...(by ? { by } : {}), actor, redactor: ctx.redactor });
        ctx.stdout.line(`Answered ${question}. \`baton resume\` continues run ${done.runId}: task ${done.task} goes on with your answer.`);
        return ExitCode.ok;
      } catch (error) {
        if (RunError.is(error)) {
          ctx.stderr.line(`baton answer: ${error.message}`);
          return error.code === 'nothing-to-resume' ? ExitCode.usage : ExitCode.problems;
        }
        if (!LeaseHeldError.is(error)) throw error;
        // An engine took the run over meanwhile: hand the answer to it instead.
      }
    }
    const file = submitDecision(stateDir, { kind: 'answer', question, text, ...(by ? { by } : {}), actor });
    const holder = (await inspectCurrentRun(stateDir))?.holder ?? snapshot.holder;
    for (let waited = 0; waited < DELIVERY_WAIT_MS && decisionPending(file); waited += 100) await new Promise((r) => setTimeout(r, 100));
    const who = holder ? `${holder.owner} (pid ${holder.pid})` : 'the running engine';
    if (decisionPending(file)) {
      ctx.stdout.line(`Answered ${question}: queued for ${who}, which takes it when it next looks.`);
      return ExitCode.ok;
    }
    const after = (await inspectCurrentRun(stateDir))?.state;
    const status = after?.team?.questions.find((x) => x.id === question)?.status;
    ctx.stdout.line(`Answered ${question}; ${who} took it${status ? ` — the question is ${status}` : ''}, task ${q!.task} is ${after?.tasks.get(q!.task)?.status ?? 'unknown'}.`);
    return ExitCode.ok;
  },
};
