import { slug } from '../patterns/compileSprint';
import type { Task, TaskTemplate, Team } from '../model/workspace';
import type { NewEvent } from '../state/events';
import type { ReadonlyRunState } from '../state/runState';
import type { CreatedTaskDefinition, EventDelivery } from '../state/teamEvents';

/** An event about to be raised: by the engine (with a once-only `key`) or an agent. */
export interface RaiseInput {
  name: string;
  data: Record<string, unknown>;
  source: { task?: string; agent?: string; team?: string; engine?: true };
  /** The raiser marked it critical (an agent's `raise`, or `critical_bug_discovered`). */
  critical?: boolean;
  key?: string;
}

/** A `command` subscription to run once the event is journalled. */
export interface PendingCommand {
  event: string;
  team: string;
  command: string[];
  timeoutSeconds?: number;
}

/** The journal batch for one raised event, and what to do once it is durable. */
export interface RaisePlan {
  event: string;
  events: NewEvent[];
  created: string[];
  commands: PendingCommand[];
  emergency?: { tasks: string[]; pause: boolean };
}

/** Events that are critical by their nature (seed 000 §1: QA, Product and DevOps drop everything). */
const CRITICAL_BY_NATURE = new Set(['critical_bug_discovered']);

/** Task statuses in which a raising task can no longer wait for a fix. */
const SETTLED = new Set(['done', 'skipped', 'failed', 'cancelled']);

/**
 * Turns a raised event into one journal batch: `event:raised` with what every subscribed team
 * does about it, the tasks `task` subscriptions add (the raising task waiting for them, unless
 * the template says `blocks_source: false`), and, for a critical event, `emergency:started`.
 * One batch, so a crash either loses the event with all its consequences or keeps them all.
 */
export function planRaise(input: RaiseInput, teams: readonly Team[], state: ReadonlyRunState, tasks: ReadonlyMap<string, Task>, running: (critical: boolean) => string[]): RaisePlan {
  const event = `ev-${(state.team?.events.length ?? 0) + 1}`;
  const critical = input.critical === true || CRITICAL_BY_NATURE.has(input.name);
  const deliveries: EventDelivery[] = [];
  const created: { id: string; definition: CreatedTaskDefinition; team: string }[] = [];
  const commands: PendingCommand[] = [];
  const taken = new Set([...tasks.keys(), ...state.tasks.keys()]);
  let pause = false;
  for (const team of teams) {
    for (const sub of team.subscriptions) {
      if (sub.event !== input.name) continue;
      if (sub.action === 'notify') deliveries.push({ team: team.id, action: 'notify' });
      else if (sub.action === 'command' && sub.command) {
        deliveries.push({ team: team.id, action: 'command' });
        commands.push({ event, team: team.id, command: sub.command, ...(sub.timeoutSeconds !== undefined ? { timeoutSeconds: sub.timeoutSeconds } : {}) });
      } else if (sub.action === 'task' && sub.task) {
        const emergency = critical || sub.critical;
        const id = uniqueId(`${team.id}-${slug(input.name).replace(/_/g, '-')}`, taken);
        taken.add(id);
        created.push({ id, team: team.id, definition: definitionFrom(sub.task, team, input, event, emergency) });
        deliveries.push({ team: team.id, action: 'task', task: id });
        if (emergency && sub.pause) pause = true;
      }
    }
  }
  const events: NewEvent[] = [{
    type: 'event:raised', event, name: input.name, data: input.data, source: input.source, critical, deliveries,
    ...(input.key !== undefined ? { key: input.key } : {}),
  }];
  for (const c of created) events.push({ type: 'task:created', task: c.id, definition: c.definition, by: { event, team: c.team, ...(input.source.agent ? { agent: input.source.agent } : {}) } });
  const raiser = input.source.task;
  const raiserStatus = raiser ? state.tasks.get(raiser)?.status : undefined;
  if (raiser && raiserStatus && !SETTLED.has(raiserStatus)) {
    for (const c of created) {
      const sub = teams.find((t) => t.id === c.team)?.subscriptions.find((s) => s.event === input.name && s.action === 'task');
      if (sub?.task?.blocksSource === false) continue;
      events.push({ type: 'task:dependency-added', task: raiser, dependsOn: c.id, reason: `${input.name} (${event}) raised by ${raiser}: it waits for ${c.id}, then runs again` });
    }
  }
  const emergencyTasks = created.filter((c) => c.definition.emergency !== undefined).map((c) => c.id);
  const plan: RaisePlan = { event, events, created: created.map((c) => c.id), commands };
  if (emergencyTasks.length) {
    const parked = pause ? running(true).filter((id) => id !== raiser) : [];
    events.push({ type: 'emergency:started', emergency: event, name: input.name, tasks: emergencyTasks, pause, ...(parked.length ? { parked } : {}) });
    plan.emergency = { tasks: emergencyTasks, pause };
  }
  return plan;
}

function definitionFrom(template: TaskTemplate, team: Team, input: RaiseInput, event: string, emergency: boolean): CreatedTaskDefinition {
  const vars = variables(input, team.id);
  const context = [
    `Raised as \`${input.name}\` (${event}) by ${input.source.agent ?? 'the engine'}${input.source.task ? ` on task \`${input.source.task}\`` : ''}; team \`${team.id}\` subscribes with \`action: task\`.`,
    ...(Object.keys(input.data).length ? ['', 'Event data:', '', '```json', JSON.stringify(input.data, null, 2), '```'] : []),
  ].join('\n');
  const description = fill(template.description, vars).trim();
  const def: CreatedTaskDefinition = {
    title: fill(template.title, vars).trim() || `Respond to ${input.name}`,
    description: description ? `${description}\n\n${context}` : context,
    type: template.type,
    priority: emergency ? 'critical' : template.priority,
    estimate: template.estimate,
    team: team.id,
    dependencies: [],
    acceptanceCriteria: template.acceptanceCriteria.map((c) => fill(c, vars)),
    checklist: template.checklist.map((c) => ({ ...c })),
    producesChanges: template.producesChanges,
  };
  if (template.assignee) def.assignee = template.assignee;
  if (emergency) def.emergency = event;
  return def;
}

function variables(input: RaiseInput, team: string): Record<string, string> {
  const vars: Record<string, string> = { event: input.name, team, source_task: input.source.task ?? '', source_agent: input.source.agent ?? 'the engine' };
  for (const [key, value] of Object.entries(input.data)) vars[`data.${key}`] = typeof value === 'string' ? value : JSON.stringify(value);
  return vars;
}

/** `{name}` placeholders filled in; an unknown `{data.x}` becomes empty, other braces stay as written. */
export function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-z_]+(?:\.[A-Za-z0-9_-]+)?)\}/g, (whole, name: string) => vars[name] ?? (name.startsWith('data.') ? '' : whole));
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
