import { decide } from '../coordination/reviewDecision';
import { promptContext } from '../coordination/promptContext';
import { findCycle } from '../graph/findCycle';
import { TaskGraph } from '../graph/taskGraph';
import { identifier } from '../model/common';
import { isCatalogueEvent, ALL_EVENTS } from '../model/eventCatalogue';
import type { Priority } from '../model/common';
import type { Task } from '../model/workspace';
import { agentActor, type NewEvent } from '../state/events';
import type { CreatedTaskDefinition, SubmittedHandoff } from '../state/teamEvents';
import { taskFromDefinition } from './dynamicTasks';
import { canRead, type Caller } from './permissions';
import { addresseeName } from './questions';
import { teamOfTask } from './roles';
import type { TeamContext } from './teamContext';
import type { TeamHub } from './teamHub';
import { failed, ok, type ToolOutcome } from './toolResult';

/** Largest `raise` data, serialised: an event carries facts, not files. */
const MAX_EVENT_DATA = 16_384;

/** `report_status` arguments (seed 000's status update). */
export interface StatusInput {
  task?: string;
  status: string;
  progress?: number;
  completed_work?: string[];
  remaining_work?: string[];
  blockers?: string[];
  estimated_completion?: string;
  quality_metrics?: Record<string, number>;
}

/** `submit_handoff` arguments. */
export interface HandoffInput {
  status: 'success' | 'failure' | 'blocked';
  summary: string;
  artifacts?: string[];
  known_issues?: string[];
  outcome?: string;
  checklist?: { item: string; done: boolean; note?: string }[];
}

/** `create_task` arguments (orchestrators only). */
export interface CreateTaskInput {
  id: string;
  title: string;
  description?: string;
  type?: string;
  priority?: Priority;
  estimate?: number;
  team?: string;
  assignee?: string;
  dependencies?: string[];
  blocks?: string[];
  acceptance_criteria?: string[];
}

/**
 * The MCP tools other than the question tools (which live in the hub): each checks the caller's
 * role first (a refusal is journalled), then reads or journals. Texts are written for the model
 * that reads them; `data` carries the same facts as JSON.
 */
export class AgentToolset {
  readonly #ctx: TeamContext;
  readonly #hub: TeamHub;

  constructor(ctx: TeamContext, hub: TeamHub) {
    this.#ctx = ctx;
    this.#hub = hub;
  }

  async getTask(caller: Caller, taskId: string | undefined): Promise<ToolOutcome> {
    const id = taskId ?? caller.task;
    const denied = await this.#hub.authorize(caller, 'get_task', id);
    if (denied) return denied;
    const task = this.#ctx.tasks.get(id);
    if (!task) return failed(`There is no task \`${id}\` in this sprint.`);
    const state = this.#ctx.store.state;
    const t = state.tasks.get(id);
    const context = promptContext(state, task);
    const data = {
      id, title: task.title, description: task.description, type: task.type, priority: task.priority, status: t?.status ?? 'planning',
      agent: t?.agent ?? task.assignee ?? null, team: teamOfTask(this.#ctx.workspace, task, t?.agent) ?? null,
      acceptanceCriteria: task.acceptanceCriteria, checklist: task.checklist.map((c) => ({ item: c.item, ...(c.verify ? { verify: c.verify.join(' ') } : {}) })),
      handoffArtifacts: task.handoffArtifacts, dependencies: task.dependencies,
      upstreamHandoffs: context.handoffs.map((h) => ({ task: h.task, agent: h.agent ?? null, summary: h.summary, artifacts: h.artifacts })),
      teammates: this.#hub.teammates(caller),
      yourRole: caller.role,
      questions: (state.team?.questions ?? []).filter((q) => q.task === id).map((q) => ({ id: q.id, to: addresseeName(q.to), text: q.text, status: q.status, ...(q.answer !== undefined ? { answer: q.answer } : {}) })),
    };
    return ok(JSON.stringify(data, null, 2), data);
  }

  async reportStatus(caller: Caller, input: StatusInput): Promise<ToolOutcome> {
    const id = input.task ?? caller.task;
    const denied = await this.#hub.authorize(caller, 'report_status', id);
    if (denied) return denied;
    const t = this.#ctx.store.state.tasks.get(id);
    if (!t) return failed(`There is no task \`${id}\` in this sprint.`);
    if (!this.#hub.statusAllowed(caller)) return failed('Report at most once a second; this report was not recorded.');
    await this.#hub.commit([{
      type: 'task:status-reported', task: id, agent: caller.agent, attempt: id === caller.task ? caller.attempt : t.attempts, status: input.status,
      ...(input.progress !== undefined ? { progress: Math.max(0, Math.min(100, Math.round(input.progress))) } : {}),
      completedWork: input.completed_work ?? [], remainingWork: input.remaining_work ?? [], blockers: input.blockers ?? [],
      ...(input.estimated_completion ? { estimatedCompletion: input.estimated_completion } : {}),
      ...(input.quality_metrics ? { qualityMetrics: input.quality_metrics } : {}),
      actor: agentActor(caller.agent),
    }]);
    return ok(`Status of ${id} recorded${input.progress !== undefined ? ` (${Math.round(input.progress)}%)` : ''}.`);
  }

  async submitHandoff(caller: Caller, input: HandoffInput): Promise<ToolOutcome> {
    const denied = await this.#hub.authorize(caller, 'submit_handoff', caller.task);
    if (denied) return denied;
    const handoff: SubmittedHandoff = {
      status: input.status, summary: input.summary, artifacts: input.artifacts ?? [], knownIssues: input.known_issues ?? [],
      checklist: input.checklist ?? [], ...(input.outcome ? { outcome: input.outcome } : {}),
    };
    await this.#hub.commit([{ type: 'task:handoff-submitted', task: caller.task, attempt: caller.attempt, agent: caller.agent, handoff, actor: agentActor(caller.agent) }]);
    return ok(`Handoff recorded (${input.status}). Baton verifies it — changes, boundaries, artifacts, the checklist commands — when you finish: end your turn now.`);
  }

  async raise(caller: Caller, input: { event: string; data?: Record<string, unknown>; critical?: boolean }): Promise<ToolOutcome> {
    const denied = await this.#hub.authorize(caller, 'raise');
    if (denied) return denied;
    if (!isCatalogueEvent(input.event)) return failed(`\`${input.event}\` is not in the event catalogue. Use one of: ${ALL_EVENTS.join(', ')}.`);
    const data = input.data ?? {};
    if (JSON.stringify(data).length > MAX_EVENT_DATA) return failed(`The event's data is over ${MAX_EVENT_DATA} characters; send the facts, and put long material in a file.`);
    const task = this.#ctx.tasks.get(caller.task);
    const team = task ? teamOfTask(this.#ctx.workspace, task, caller.agent) : undefined;
    const result = await this.#hub.raise({ name: input.event, data, source: { task: caller.task, agent: caller.agent, ...(team ? { team } : {}) }, ...(input.critical ? { critical: true } : {}) });
    const raised = this.#ctx.store.state.team?.events.find((e) => e.id === result.event);
    const acted = raised?.deliveries.map((d) => `${d.team}: ${d.action}${d.task ? ` ${d.task}` : ''}`) ?? [];
    const waits = result.created.filter((id) => this.#ctx.store.state.tasks.get(caller.task)?.addedDependencies?.includes(id));
    const text = [
      `Raised ${input.event} (${result.event}).`,
      acted.length ? `Subscribed teams: ${acted.join('; ')}.` : 'No team subscribes to it; it is on record.',
      ...(waits.length ? [`Your task now waits for ${waits.join(', ')}: finish what you can and end your turn; it runs again once ${waits.length > 1 ? 'they are' : 'it is'} done.`] : []),
      ...(result.emergency ? ['It is an emergency: its response tasks go first.'] : []),
    ].join(' ');
    return ok(text, { event: result.event, created: result.created, emergency: result.emergency });
  }

  async readState(caller: Caller): Promise<ToolOutcome> {
    const denied = await this.#hub.authorize(caller, 'read_state');
    if (denied) return denied;
    const state = this.#ctx.store.state;
    const visible = [...this.#ctx.tasks.values()].filter((task) => caller.role === 'orchestrator' || canRead(this.#ctx.workspace, this.#ctx.tasks, caller, task.id));
    const tasks = visible.map((task) => {
      const t = state.tasks.get(task.id);
      return {
        id: task.id, title: task.title, status: t?.status ?? 'planning', agent: t?.agent ?? task.assignee ?? null, team: teamOfTask(this.#ctx.workspace, task, t?.agent) ?? null,
        ...(t?.progress ? { progress: t.progress.progress ?? null, statusReport: t.progress.status } : {}), ...(t?.reason ? { reason: t.reason } : {}),
      };
    });
    const ids = new Set(visible.map((t) => t.id));
    const data = {
      sprint: this.#ctx.sprint.id, run: state.status, scope: caller.role === 'orchestrator' ? 'sprint' : caller.role === 'reviewer' ? 'reviewed task' : `team ${caller.teams.join(', ')}`,
      tasks,
      questions: (state.team?.questions ?? []).filter((q) => ids.has(q.task) || (q.to.kind !== 'person' && q.to.agent === caller.agent)).map((q) => ({ id: q.id, task: q.task, from: q.from, to: addresseeName(q.to), text: q.text, status: q.status })),
      emergencies: (state.team?.emergencies ?? []).filter((e) => e.status === 'active').map((e) => ({ id: e.id, event: e.name, tasks: e.tasks })),
      recentEvents: (state.team?.events ?? []).slice(-20).filter((e) => !e.source.task || ids.has(e.source.task)).map((e) => ({ id: e.id, name: e.name, source: e.source.task ?? 'engine' })),
    };
    return ok(JSON.stringify(data, null, 2), data);
  }

  async createTask(caller: Caller, input: CreateTaskInput): Promise<ToolOutcome> {
    const denied = await this.#hub.authorize(caller, 'create_task');
    if (denied) return denied;
    const problem = this.#checkNewTask(caller, input);
    if (problem) return failed(problem);
    const team = input.team ?? caller.teams[0];
    const definition: CreatedTaskDefinition = {
      title: input.title, description: input.description ?? '', type: input.type ?? 'task', priority: input.priority ?? 'medium', estimate: input.estimate ?? 1,
      ...(team ? { team } : {}), ...(input.assignee ? { assignee: input.assignee } : {}), dependencies: input.dependencies ?? [],
      acceptanceCriteria: input.acceptance_criteria ?? [], checklist: [], producesChanges: true,
    };
    const actor = agentActor(caller.agent);
    const events: NewEvent[] = [{ type: 'task:created', task: input.id, definition, by: { agent: caller.agent, ...(team ? { team } : {}) }, actor }];
    for (const b of input.blocks ?? []) events.push({ type: 'task:dependency-added', task: b, dependsOn: input.id, reason: `${caller.agent} created ${input.id} for ${b} to wait on`, actor });
    await this.#hub.commit(events);
    this.#hub.tasksChanged();
    return ok(`Created task ${input.id}${team ? ` for team ${team}` : ''}${input.blocks?.length ? `; ${input.blocks.join(', ')} now wait${input.blocks.length === 1 ? 's' : ''} for it` : ''}.`, { task: input.id });
  }

  async reassignTask(caller: Caller, input: { task: string; agent: string }): Promise<ToolOutcome> {
    const denied = await this.#hub.authorize(caller, 'reassign_task', input.task);
    if (denied) return denied;
    const task = this.#ctx.tasks.get(input.task);
    const team = task ? teamOfTask(this.#ctx.workspace, task) : undefined;
    if (!task || !team || !caller.teams.includes(team)) {
      await this.#hub.deny(caller, 'reassign_task', `${input.task} is not a task of ${caller.agent}'s teams (${caller.teams.join(', ')})`);
      return failed(`Denied: you orchestrate ${caller.teams.join(', ')}; ${input.task} is not one of their tasks. The refusal is recorded.`);
    }
    const result = decide(this.#ctx.store.state, { kind: 'reassign', task: input.task, agent: input.agent, by: caller.agent, actor: agentActor(caller.agent) }, { task, workspace: this.#ctx.workspace });
    if ('refused' in result) return failed(result.refused);
    await this.#hub.commit(result.events);
    return ok(`Reassigned ${input.task} to ${input.agent}.`);
  }

  #checkNewTask(caller: Caller, input: CreateTaskInput): string | undefined {
    if (!identifier.safeParse(input.id).success) return `\`${input.id}\` is not a valid task id: use letters, digits, \`-\`, \`_\` and \`.\`, starting with a letter or digit.`;
    if (this.#ctx.tasks.has(input.id) || this.#ctx.store.state.tasks.has(input.id)) return `There is already a task \`${input.id}\`.`;
    const team = input.team ?? caller.teams[0];
    if (team && !caller.teams.includes(team)) return `You orchestrate ${caller.teams.join(', ')}, not ${team}.`;
    if (input.assignee && !this.#ctx.workspace.teams.get(team ?? '')?.members.some((m) => m.agent === input.assignee)) return `\`${input.assignee}\` is not a member of team ${team}.`;
    for (const d of input.dependencies ?? []) if (!this.#ctx.tasks.has(d)) return `Dependency \`${d}\` is not a task of this sprint.`;
    for (const b of input.blocks ?? []) {
      const status = this.#ctx.store.state.tasks.get(b)?.status;
      if (!this.#ctx.tasks.has(b)) return `\`${b}\` (in blocks) is not a task of this sprint.`;
      if (status !== 'planning' && status !== 'ready') return `\`${b}\` is ${status}: only a task that has not started can be made to wait.`;
    }
    const draft = taskFromDefinition(input.id, { title: input.title, description: '', type: 'task', priority: 'medium', estimate: 1, dependencies: input.dependencies ?? [], acceptanceCriteria: [], checklist: [], producesChanges: true }, this.#ctx.sprint);
    const tasks: Task[] = [...this.#ctx.tasks.values()].map((t) => ((input.blocks ?? []).includes(t.id) ? { ...t, dependencies: [...t.dependencies, input.id] } : t));
    const cycle = findCycle(TaskGraph.from([...tasks, draft]));
    return cycle ? `That would make a dependency cycle: ${cycle.join(' -> ')}.` : undefined;
  }
}
