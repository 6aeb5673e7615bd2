import type { Task } from '../model/workspace';
import { agentActor, type Actor, type EngineEvent, type NewEvent } from '../state/events';
import type { QuestionAddressee } from '../state/teamEvents';
import type { Disposable } from '../../shared/disposable';
import { AsyncMutex } from '../worktrees/asyncMutex';
import { runAnswerAttempt, stopOrphanAnswerAttempts } from './answerAttempt';
import { CredentialRegistry } from './credentials';
import { liveTasks } from './dynamicTasks';
import { parkDecision, type ParkDecision } from './parking';
import { checkPermission, type AgentTool, type Caller } from './permissions';
import { planRaise, type PendingCommand, type RaiseInput } from './raisedEvents';
import { addresseeName, nextQuestionId, questionsAskedBy, resolveAddressee } from './questions';
import { roleOf, teamsOf } from './roles';
import { derivedEvents } from './seedEvents';
import type { CommandRunner, ExecutableFor, TeamContext } from './teamContext';
import { failed, ok, type ToolOutcome } from './toolResult';
import { WakeSignal } from './wakeSignal';
import { runningBelowCritical } from './parking';

/** A blocking question to a person parks the task; an agent that keeps working is stopped after this. */
const PARK_GRACE_MS = 30_000;
/** How long `ask` waits for a teammate's answer before handing back a question id: agent CLIs time tool calls out. */
const ASK_WAIT_MS = 50_000;
/** `wait_for_answer`'s default and longest wait. */
export const WAIT_DEFAULT_S = 50;
export const WAIT_MAX_S = 600;
/** A runaway agent is cut off from the server after this many calls in one attempt. */
const MAX_CALLS_PER_ATTEMPT = 2000;

/** One attempt's (or answer's) live connection to the team. */
interface Session {
  caller: Caller;
  token: string;
  revoke: () => void;
  park: AbortController;
  emergency?: string;
  graceTimer?: NodeJS.Timeout;
  calls: number;
  lastStatusAt: number;
}

/** What `openAttempt` hands the attempt runner. */
export interface AttemptLink {
  /** Where and how the agent reaches the server; undefined when the server is not up. */
  url: string | undefined;
  token: string;
  /** Aborted when Baton parks the attempt (a blocking question to a person, an emergency with `pause`). */
  park: AbortSignal;
  close(): void;
}

/**
 * The communication layer of one run (seed 003 §4, DESIGN.md "Teams that talk"): the engine
 * side of every MCP tool, with the caller's role checked on each call and every message,
 * answer, status report and denial journalled before it is acted on. It routes questions —
 * to a running teammate in its next tool result, to an idle one as a small answer attempt, to a
 * person through the Inbox — raises seed 000 events and acts on the teams' subscriptions, and
 * tells the dispatch loop (`changed`) when the task graph grew or a parked task may go on.
 */
export class TeamHub {
  readonly credentials = new CredentialRegistry();
  readonly #ctx: TeamContext;
  readonly #runCommand: CommandRunner;
  readonly #executableFor: ExecutableFor | undefined;
  readonly #serial = new AsyncMutex();
  readonly #wake = new WakeSignal();
  readonly #stop = new AbortController();
  readonly #sessions = new Map<string, Session>();
  /** Questions waiting to be shown to a running addressee, by agent. */
  readonly #inbox = new Map<string, Set<string>>();
  /** Answers a running asker has received in a tool result. */
  readonly #consumed = new Set<string>();
  readonly #waiters = new Map<string, Set<() => void>>();
  readonly #answering = new Map<string, Promise<void>>();
  readonly #background = new Set<Promise<unknown>>();
  #url: string | undefined;
  #notify: ((to: (caller: Caller) => boolean, text: string) => void) | undefined;
  #graphChanged = false;
  #subscription: Disposable | undefined;

  constructor(ctx: TeamContext, runCommand: CommandRunner, executableFor?: ExecutableFor) {
    this.#ctx = ctx;
    this.#runCommand = runCommand;
    this.#executableFor = executableFor;
  }

  /** The MCP server's URL, once it listens, and how it notifies open sessions. */
  serveAt(url: string, notify?: (to: (caller: Caller) => boolean, text: string) => void): void {
    this.#url = url;
    this.#notify = notify;
  }

  get url(): string | undefined {
    return this.#url;
  }

  /** Resolves when something the dispatch loop cares about changed (answers, new tasks, emergencies). */
  changed(): Promise<void> {
    return this.#wake.next();
  }

  /** True once, after tasks were added or got dependencies: the loop rebuilds its policy. */
  takeGraphChange(): boolean {
    const changed = this.#graphChanged;
    this.#graphChanged = false;
    return changed;
  }

  /**
   * Before the loop: raise the seed 000 events the journal calls for but lacks (a crash between
   * a cause and its event), stop answer attempts a dead engine left, ask again every question to
   * an agent that is still open, and run `command` subscriptions that never reported.
   */
  async start(): Promise<void> {
    this.#subscription = this.#ctx.store.bus.onAny((e) => this.#onEvent(e));
    await stopOrphanAnswerAttempts(this.#ctx);
    await this.#raiseDerived(undefined);
    for (const q of this.#ctx.store.state.team?.questions ?? []) {
      if (q.status === 'open' && q.to.kind !== 'person') this.#startAnswering(q.id, q.to.agent);
    }
    for (const e of this.#ctx.store.state.team?.events ?? []) {
      for (const d of e.deliveries) {
        if (d.action !== 'command' || e.commands?.some((c) => c.team === d.team)) continue;
        const sub = this.#ctx.workspace.teams.get(d.team)?.subscriptions.find((s) => s.event === e.name && s.action === 'command');
        if (sub?.command) this.#runSubscriptionCommand({ event: e.id, team: d.team, command: sub.command, ...(sub.timeoutSeconds !== undefined ? { timeoutSeconds: sub.timeoutSeconds } : {}) }, e);
      }
    }
  }

  /**
   * Stops answer attempts and commands, revokes every credential. When the run has ended for
   * good, questions still open are closed (nobody is left to ask or to be answered).
   */
  async close(options: { runEnded: boolean }): Promise<void> {
    this.#stop.abort();
    this.#subscription?.dispose();
    for (const s of this.#sessions.values()) clearTimeout(s.graceTimer);
    this.credentials.revokeAll();
    await Promise.allSettled([...this.#background]);
    if (options.runEnded) {
      const open = (this.#ctx.store.state.team?.questions ?? []).filter((q) => q.status === 'open');
      if (open.length) await this.#commit(open.map((q) => ({ type: 'question:closed' as const, question: q.id, reason: 'the run ended' }))).catch(() => undefined);
    }
    for (const waiters of this.#waiters.values()) for (const w of waiters) w();
  }

  // --- attempts -------------------------------------------------------------------------------

  /** A credential for one attempt of `task` by `agent`: scoped to that task, revoked by `close()`. */
  openAttempt(task: Task, attempt: number, agent: string): AttemptLink {
    const caller: Caller = { agent, role: roleOf(this.#ctx.workspace, agent, task), task: task.id, attempt, kind: 'attempt', teams: teamsOf(this.#ctx.workspace, agent) };
    const { token, revoke } = this.credentials.issue(caller);
    const session: Session = { caller, token, revoke, park: new AbortController(), calls: 0, lastStatusAt: 0 };
    this.#sessions.set(task.id, session);
    return {
      url: this.#url, token, park: session.park.signal,
      close: () => this.#closeAttempt(task.id, session),
    };
  }

  /** Whether the attempt that just ended is parked instead of settled (parking.ts). */
  parkDecision(taskId: string, attempt: number): ParkDecision | undefined {
    const session = this.#sessions.get(taskId);
    const emergency = session?.caller.attempt === attempt ? session.emergency : undefined;
    return parkDecision(this.#ctx.store.state, taskId, attempt, { consumed: this.#consumed, ...(emergency ? { emergency } : {}) });
  }

  #closeAttempt(taskId: string, session: Session): void {
    clearTimeout(session.graceTimer);
    session.revoke();
    if (this.#sessions.get(taskId) === session) this.#sessions.delete(taskId);
    // Questions shown to this agent in its tool results and still open: it finished without
    // answering, so it is asked on its own now.
    const agent = session.caller.agent;
    const shown = this.#inbox.get(agent);
    if (shown && !this.#liveSessionOf(agent)) {
      this.#inbox.delete(agent);
      for (const id of shown) if (this.#question(id)?.status === 'open') this.#startAnswering(id, agent);
    }
  }

  // --- the tools --------------------------------------------------------------------------------

  /** The caller behind a token, counting the call; undefined for an unknown or revoked token. */
  authenticate(token: string | undefined): Caller | undefined {
    return this.credentials.resolve(token);
  }

  /** Checks the caller's role for `tool` on `target`; a refusal is journalled (and shown) before it is returned. */
  async authorize(caller: Caller, tool: AgentTool, target?: string): Promise<ToolOutcome | undefined> {
    const session = this.#sessionOf(caller);
    if (session && ++session.calls > MAX_CALLS_PER_ATTEMPT) {
      if (session.calls === MAX_CALLS_PER_ATTEMPT + 1) await this.deny(caller, tool, `more than ${MAX_CALLS_PER_ATTEMPT} calls in one attempt`);
      return failed(`Denied: more than ${MAX_CALLS_PER_ATTEMPT} calls in one attempt.`);
    }
    const verdict = checkPermission(this.#ctx.workspace, this.#ctx.tasks, caller, tool, target);
    if (verdict.allowed) return undefined;
    await this.deny(caller, tool, verdict.reason);
    return failed(`Denied: ${verdict.reason}. The refusal is recorded.`);
  }

  /** Journals a refused call (seed 003 §10.2's audit log). */
  async deny(caller: Caller, tool: string, reason: string): Promise<void> {
    await this.#commit([{ type: 'access:denied', tool, reason, caller: { agent: caller.agent, role: caller.role, task: caller.task, attempt: caller.attempt }, actor: agentActor(caller.agent) }]);
  }

  /** `ask`: journals the question, routes it, and for a blocking one waits (teammates) or parks (people). */
  async ask(caller: Caller, input: { to: string; question: string; blocking: boolean; context?: string }, signal: AbortSignal): Promise<ToolOutcome> {
    const budget = this.#ctx.workspace.settings.maxQuestionsPerTask;
    if (questionsAskedBy(this.#ctx.store.state, caller.task) >= budget) {
      await this.deny(caller, 'ask', `the question budget of task ${caller.task} (${budget}, settings.max_questions_per_task) is used up`);
      return failed(`Denied: task ${caller.task} has asked its ${budget} questions (settings.max_questions_per_task). Decide with what you know, or report the task blocked.`);
    }
    const to = resolveAddressee(this.#ctx.workspace, this.#ctx.sprint.teams, caller, input.to);
    if ('error' in to) return failed(to.error);
    const id = await this.#serial.run(async () => {
      const qid = nextQuestionId(this.#ctx.store.state);
      await this.#ctx.store.commit([{
        type: 'question:asked', question: qid, task: caller.task, attempt: caller.attempt, from: caller.agent, to, text: input.question,
        blocking: input.blocking, ...(input.context ? { context: input.context } : {}), actor: agentActor(caller.agent),
      }]);
      return qid;
    });
    this.#wake.notify();
    if (to.kind === 'person') return this.#askedPerson(caller, id, input.blocking);
    this.#deliver(id, to);
    if (!input.blocking) return ok(`Asked ${to.agent} (${id}). Keep working; the answer comes in a later tool result, or call wait_for_answer with "${id}".`, { question: id, status: 'open' });
    return this.#awaitAnswer(caller, id, ASK_WAIT_MS, signal);
  }

  #askedPerson(caller: Caller, id: string, blocking: boolean): ToolOutcome {
    if (!blocking) return ok(`Asked a person (${id}); it is in their Inbox. Keep working: the answer comes in a later tool result, or call wait_for_answer with "${id}".`, { question: id, status: 'open' });
    const session = this.#sessionOf(caller);
    if (session && session.caller.kind === 'attempt') {
      clearTimeout(session.graceTimer);
      session.graceTimer = setTimeout(() => session.park.abort(), PARK_GRACE_MS);
    }
    return ok(
      `Asked a person (${id}); it is in their Inbox. Baton parks this task until they answer: stop working now and end your turn (leave your changes as they are; do not report a result). You will be resumed with the answer.`,
      { question: id, status: 'open', parked: true },
    );
  }

  /** `wait_for_answer`: the question must be the caller's task's. */
  async waitForAnswer(caller: Caller, id: string, timeoutSeconds: number, signal: AbortSignal): Promise<ToolOutcome> {
    const q = this.#question(id);
    if (!q) return failed(`There is no question \`${id}\`.`);
    if (q.task !== caller.task) return failed(`Question ${id} was asked by task ${q.task}, not yours (${caller.task}).`);
    return this.#awaitAnswer(caller, id, 1000 * Math.min(Math.max(timeoutSeconds, 0), WAIT_MAX_S), signal);
  }

  async #awaitAnswer(caller: Caller, id: string, ms: number, signal: AbortSignal): Promise<ToolOutcome> {
    if (this.#question(id)?.status === 'open' && ms > 0) await this.#until(id, ms, signal);
    const q = this.#question(id)!;
    if (q.status === 'answered') {
      if (q.task === caller.task) this.#consumed.add(id);
      return ok(`Answer to ${id} from ${q.answeredBy}: ${q.answer}`, { question: id, status: 'answered', answer: q.answer, by: q.answeredBy });
    }
    if (q.status === 'closed') return ok(`${id} will not be answered: ${q.closedReason}. Decide with what you know.`, { question: id, status: 'closed', reason: q.closedReason });
    return ok(`${id} is not answered yet (asked ${addresseeName(q.to)}). Keep working and call wait_for_answer with "${id}" again later.`, { question: id, status: 'open' });
  }

  /** `answer`: only the addressee (or a person, through `answerFromPerson`) answers. */
  async answer(caller: Caller, id: string, text: string): Promise<ToolOutcome> {
    const q = this.#question(id);
    if (!q) return failed(`There is no question \`${id}\`.`);
    if (q.to.kind === 'person' || q.to.agent !== caller.agent) {
      await this.deny(caller, 'answer', `question ${id} is for ${addresseeName(q.to)}, not ${caller.agent}`);
      return failed(`Denied: question ${id} is for ${addresseeName(q.to)}. The refusal is recorded.`);
    }
    if (q.status !== 'open') return failed(`Question ${id} is already ${q.status}.`);
    await this.#commit([{ type: 'question:answered', question: id, answer: text, by: caller.agent, via: 'mcp', actor: agentActor(caller.agent) }]);
    return ok(`Answered ${id}; ${q.from} gets your answer.`);
  }

  /** A person's answer (`baton answer`, the Inbox): any open question. */
  async answerFromPerson(id: string, text: string, by: string | undefined, actor?: Actor): Promise<{ refused?: string }> {
    const refused = personAnswerRefusal(this.#question(id), id, text);
    if (refused) return { refused };
    await this.#commit([{ type: 'question:answered', question: id, answer: text.trim(), by: answererName(by, actor), via: 'person', ...(actor ? { actor } : {}) }]);
    return {};
  }

  /** Questions to people that are open: the loop keeps polling for answers from other processes while there are any. */
  openPersonQuestions(): string[] {
    return (this.#ctx.store.state.team?.questions ?? []).filter((q) => q.status === 'open' && q.to.kind === 'person').map((q) => q.id);
  }

  /** Whether answer attempts or commands are still under way (the loop must not finish before them). */
  get busy(): boolean {
    return this.#background.size > 0;
  }

  /** Lines for a tool result: questions for the caller to answer, answers for the caller's questions. */
  notesFor(caller: Caller): string[] {
    const notes: string[] = [];
    if (caller.kind === 'attempt') {
      for (const q of this.#ctx.store.state.team?.questions ?? []) {
        if (q.task !== caller.task || q.status !== 'answered' || this.#consumed.has(q.id)) continue;
        this.#consumed.add(q.id);
        notes.push(`Answer to your question ${q.id} from ${q.answeredBy}: ${q.answer}`);
      }
    }
    for (const id of this.#inbox.get(caller.agent) ?? []) {
      const q = this.#question(id);
      if (q?.status !== 'open') continue;
      if (!q.deliveredTo?.some((d) => d.agent === caller.agent)) void this.#commit([{ type: 'question:delivered', question: id, agent: caller.agent, via: 'tool-result' }]).catch(() => undefined);
      notes.push(`Question ${id} for you from ${q.from} (task ${q.task}): ${q.text}${q.context ? ` (context: ${q.context})` : ''} — answer it with \`answer\` (question "${id}").`);
    }
    return notes;
  }

  /** Raises a seed 000 event and carries out what the subscribed teams want (raisedEvents.ts). */
  async raise(input: RaiseInput): Promise<{ event: string; created: string[]; emergency: boolean }> {
    const plan = await this.#serial.run(async () => {
      const p = planRaise(input, [...this.#ctx.workspace.teams.values()], this.#ctx.store.state, this.#ctx.tasks, () => runningBelowCritical(this.#ctx.store.state, this.#ctx.tasks));
      // An agent's event is its act; what the subscriptions then do is the engine's.
      const raiser = input.source.agent;
      await this.#ctx.store.commit(raiser ? p.events.map((e) => (e.type === 'event:raised' ? { ...e, actor: agentActor(raiser) } : e)) : p.events);
      return p;
    });
    if (plan.created.length) this.#refreshTasks();
    if (plan.emergency?.pause) {
      const em = this.#ctx.store.state.team?.emergencies.find((e) => e.id === plan.event);
      for (const id of em?.parked ?? []) {
        const s = this.#sessions.get(id);
        if (s) {
          s.emergency = plan.event;
          s.park.abort();
        }
      }
    }
    const raised = this.#ctx.store.state.team?.events.find((e) => e.id === plan.event);
    for (const c of plan.commands) this.#runSubscriptionCommand(c, raised);
    this.#wake.notify();
    return { event: plan.event, created: plan.created, emergency: plan.emergency !== undefined };
  }

  /**
   * Text for an agent with the engine's secrets replaced (`[redacted:NAME]`): every tool result
   * and notification passes here. What comes from the journal is redacted already; the rest (a
   * task's description, a teammate's words in flight) is not, and an agent's answer goes to a
   * model API.
   */
  redact(text: string): string {
    return this.#ctx.host.redactor?.redact(text) ?? text;
  }

  /** Journals events for the dispatch loop or a tool (serialised with the hub's own). */
  commit(events: NewEvent[]): Promise<void> {
    return this.#commit(events);
  }

  /** The live task set changed in the journal (tasks added, dependencies added): rebuild it and tell the loop. */
  #refreshTasks(): void {
    const live = liveTasks(this.#ctx.sprint, this.#ctx.store.state);
    for (const [id, task] of live) this.#ctx.tasks.set(id, task);
    this.#graphChanged = true;
    this.#wake.notify();
  }

  /** Marks the graph as changed after the caller journalled `task:created` / `task:dependency-added` itself. */
  tasksChanged(): void {
    this.#refreshTasks();
  }

  /** The caller's teammates, for `get_task`. */
  teammates(caller: Caller): { agent: string; team: string; role: string; specialties: string[] }[] {
    const out: { agent: string; team: string; role: string; specialties: string[] }[] = [];
    for (const teamId of caller.teams) {
      const team = this.#ctx.workspace.teams.get(teamId);
      if (!team) continue;
      if (team.orchestrator && team.orchestrator.agent !== caller.agent) out.push({ agent: team.orchestrator.agent, team: teamId, role: 'orchestrator', specialties: [] });
      for (const m of team.members) if (m.agent !== caller.agent) out.push({ agent: m.agent, team: teamId, role: m.role ?? 'member', specialties: [...m.specialties] });
    }
    return out;
  }

  /** Throttles `report_status` to one journalled report a second per attempt. */
  statusAllowed(caller: Caller): boolean {
    const s = this.#sessionOf(caller);
    if (!s) return true;
    const now = this.#ctx.now();
    if (now - s.lastStatusAt < 1000) return false;
    s.lastStatusAt = now;
    return true;
  }

  // --- internals ---------------------------------------------------------------------------------

  #onEvent(e: EngineEvent): void {
    if (e.type === 'question:answered' || e.type === 'question:closed') {
      for (const w of this.#waiters.get(e.question) ?? []) w();
      this.#waiters.delete(e.question);
      this.#wake.notify();
    } else if ('task' in e && typeof e.task === 'string' && !e.type.startsWith('question:')) {
      const task = e.task;
      this.#track(this.#raiseDerived(task));
    } else if (e.type === 'run:started') this.#track(this.#raiseDerived(undefined));
  }

  async #raiseDerived(taskId: string | undefined): Promise<void> {
    if (this.#stop.signal.aborted) return;
    const inputs = derivedEvents(this.#ctx.store.state, this.#ctx.workspace, this.#ctx.sprint, this.#ctx.tasks, taskId);
    for (const input of inputs) {
      if ((this.#ctx.store.state.team?.raisedKeys ?? []).includes(input.key!)) continue;
      await this.raise(input);
    }
  }

  #deliver(id: string, to: Exclude<QuestionAddressee, { kind: 'person' }>): void {
    if (this.#liveSessionOf(to.agent)) {
      let box = this.#inbox.get(to.agent);
      if (!box) this.#inbox.set(to.agent, (box = new Set()));
      box.add(id);
      const q = this.#question(id);
      // Also an MCP notification now, for clients that surface them; the next tool result carries it either way.
      this.#notify?.((c) => c.agent === to.agent && c.kind === 'attempt', this.redact(`Question ${id} for you from ${q?.from ?? 'a teammate'}: ${q?.text ?? ''} — answer it with \`answer\` (question "${id}").`));
      return;
    }
    this.#startAnswering(id, to.agent);
  }

  /** One answer attempt per agent at a time, in the order asked. */
  #startAnswering(id: string, agent: string): void {
    if (this.#stop.signal.aborted) return;
    const previous = this.#answering.get(agent) ?? Promise.resolve();
    const next = previous.then(async () => {
      const q = this.#question(id);
      if (!q || q.status !== 'open' || this.#stop.signal.aborted) return;
      await runAnswerAttempt({
        ctx: this.#ctx, mcpUrl: this.#url, commit: (events) => this.#commit(events), ...(this.#executableFor ? { executableFor: this.#executableFor } : {}),
        credential: (name, question) => this.credentials.issue({ agent: name, role: roleOf(this.#ctx.workspace, name, undefined), task: question.task, attempt: question.attempt, kind: 'answer', teams: teamsOf(this.#ctx.workspace, name), questions: [question.id] }),
      }, q, agent, this.#stop.signal).catch((error: unknown) => this.#ctx.host.log?.(`answering ${id}: ${(error as Error).message}`));
    });
    this.#answering.set(agent, next);
    this.#track(next);
  }

  #runSubscriptionCommand(c: PendingCommand, raised: { id: string; name: string; data: unknown; source: unknown } | undefined): void {
    if (this.#stop.signal.aborted) return;
    const env: Record<string, string> = {};
    for (const key of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'USER']) if (this.#ctx.host.env[key] !== undefined) env[key] = this.#ctx.host.env[key]!;
    env.BATON_EVENT = JSON.stringify(raised ? { id: raised.id, name: raised.name, data: raised.data, source: raised.source } : { id: c.event });
    env.BATON_TEAM = c.team;
    const run = this.#runCommand(c.command, { cwd: this.#ctx.workspace.root, env, timeoutMs: 1000 * (c.timeoutSeconds ?? 600) }).then((outcome) =>
      this.#commit([{ type: 'subscription:command-finished', event: c.event, team: c.team, command: c.command, passed: outcome.ok, exitCode: outcome.exitCode, output: outcome.output.slice(-4096), durationMs: outcome.durationMs }]));
    this.#track(run.catch(() => undefined));
  }

  #track(p: Promise<unknown>): void {
    const tracked = p.catch((error: unknown) => this.#ctx.host.log?.(`team: ${(error as Error).message}`)).finally(() => {
      this.#background.delete(tracked);
      this.#wake.notify();
    });
    this.#background.add(tracked);
  }

  #until(id: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.#waiters.get(id);
      if (!set) this.#waiters.set(id, (set = new Set()));
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set!.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  #commit(events: NewEvent[]): Promise<void> {
    return this.#serial.run(async () => {
      await this.#ctx.store.commit(events);
    });
  }

  #question(id: string) {
    return this.#ctx.store.state.team?.questions.find((q) => q.id === id);
  }

  #sessionOf(caller: Caller): Session | undefined {
    const s = this.#sessions.get(caller.task);
    return s?.caller === caller ? s : undefined;
  }

  #liveSessionOf(agent: string): Session | undefined {
    return [...this.#sessions.values()].find((s) => s.caller.agent === agent && s.caller.kind === 'attempt');
  }
}

/** Why a person's answer cannot be taken, or undefined. */
export function personAnswerRefusal(q: { status: string } | undefined, id: string, text: string): string | undefined {
  if (!q) return `There is no question \`${id}\` in the current run (\`baton inbox\` lists them).`;
  if (q.status !== 'open') return `Question ${id} is already ${q.status}.`;
  if (!text.trim()) return 'Say what the answer is: it goes to the agent that asked.';
  return undefined;
}

/** Who answered, as the question shows it: the name given (`--by`), else the person acting, else `person`. */
export function answererName(by: string | undefined, actor: Actor | undefined): string {
  return by?.trim() || (actor?.kind === 'person' ? actor.name : '') || 'person';
}
