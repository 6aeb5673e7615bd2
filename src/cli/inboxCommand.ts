import * as path from 'node:path';
import { inspectCurrentRun, stateDirFor } from '../engine/run/runInspection';
import { inboxOf, type InboxQuestion } from '../engine/team/inbox';
import { ExitCode, type Command } from './command';
import type { Output } from './output';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, nothingRunYet } from './workspaceArgs';

export const inboxCommand: Command = {
  name: 'inbox',
  summary: "Agents' questions (to people first), team notifications, denied calls and emergencies of the current run",
  description: 'Questions agents asked a person wait here; a blocking one parks its task (state `waiting`) until `baton answer` gives the answer. Questions between agents are listed too, with their answers.',
  positionals: [DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print one JSON object: {"questions":[{"id","asker","addressee","text","status","task","blocking","askedAt","answer","answeredBy","parksTask"}],"notifications","denials","emergencies"}.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['inbox', 'inbox --json', 'answer q-3 "Redis, with a 15 minute TTL"'],
  notes: ['Read-only: safe while a run is going. Exit 0 when there is a run to show, 2 when nothing has run yet.'],
  async run(ctx) {
    const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
    const snapshot = await inspectCurrentRun(stateDirFor(dir, ctx.args.option('config-root')));
    if (!snapshot) {
      ctx.stderr.line(`baton inbox: ${nothingRunYet(dir, 'Start with `baton run <sprint>`.')}`);
      return ExitCode.usage;
    }
    const inbox = inboxOf(snapshot.state);
    if (ctx.args.flag('json')) {
      ctx.stdout.json(inbox);
      return ExitCode.ok;
    }
    const out = ctx.stdout;
    const s = out.style;
    const forPeople = inbox.questions.filter((q) => q.status === 'open' && q.addressee === 'person');
    const forAgents = inbox.questions.filter((q) => q.status === 'open' && q.addressee !== 'person');
    const settled = inbox.questions.filter((q) => q.status !== 'open');
    out.line(s.bold(`Inbox · run ${snapshot.runId}${snapshot.state.sprint ? ` of sprint ${snapshot.state.sprint}` : ''}`));
    for (const e of inbox.emergencies.filter((x) => x.status === 'active')) out.line(s.red(`  ⚠ emergency ${e.id} (${e.event}): ${e.tasks.join(', ')} go first`));
    if (!forPeople.length) out.line(s.dim('  No question waits for a person.'));
    else {
      out.line(s.bold('  Questions for you:'));
      for (const q of forPeople) printQuestion(out, q);
      out.line(s.dim(`  Answer with \`baton answer ${forPeople[0]!.id} "…"\`.`));
    }
    if (forAgents.length) {
      out.line(s.bold('  Questions between agents, open:'));
      for (const q of forAgents) printQuestion(out, q);
    }
    if (settled.length) {
      out.line(s.bold('  Answered and closed:'));
      for (const q of settled) out.line(`    ${q.id} ${q.asker} → ${q.addressee}: ${oneLine(q.text)}${s.dim(` — ${q.status === 'answered' ? `${q.answeredBy}: ${oneLine(q.answer ?? '')}` : `closed: ${q.closedReason ?? ''}`}`)}`);
    }
    for (const n of inbox.notifications.slice(-20)) out.line(`  ${s.cyan('●')} ${n.team}: ${n.name} (${n.event}) from ${n.source}${n.critical ? s.red(' critical') : ''}`);
    if (inbox.denials.length) {
      out.line(s.yellow(`  ${inbox.denials.length} denied call${inbox.denials.length === 1 ? '' : 's'}:`));
      for (const d of inbox.denials.slice(-10)) out.line(`    ${d.agent} (${d.role}${d.task ? `, task ${d.task}` : ''}) ${d.tool}: ${d.reason}`);
    }
    return ExitCode.ok;
  },
};

function printQuestion(out: Output, q: InboxQuestion): void {
  const s = out.style;
  out.line(`    ${s.bold(q.id)} ${q.asker} ${s.dim(`(task ${q.task})`)} → ${q.addressee}: ${q.text}`);
  if (q.context) out.line(s.dim(`      context: ${oneLine(q.context)}`));
  if (q.parksTask) out.line(s.yellow(`      task ${q.task} is waiting for this answer`));
}

function oneLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
