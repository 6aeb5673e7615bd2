import { z } from 'zod';
import { agentRef, commandLine, priority } from './common';
import { checklistItem } from './sprintSchema';

/** What a team does when an event it subscribes to is raised (seed 000 §Event Broadcasting). */
export const SUBSCRIPTION_ACTIONS = ['notify', 'task', 'command'] as const;
export type SubscriptionAction = (typeof SUBSCRIPTION_ACTIONS)[number];

/**
 * The task a `task` subscription adds to the running sprint, assigned to the subscribing team.
 * `{event}`, `{team}`, `{source_task}`, `{source_agent}` and `{data.<key>}` in the texts are
 * filled in from the event.
 */
export const taskTemplate = z.strictObject({
  title: z.string().min(1).describe('Title of the new task, e.g. `Fix: {data.title}`.'),
  description: z.string().optional().describe('What to do; `{data.description}` carries what the raiser reported.'),
  type: z.string().optional().describe('Task type (default `bug`).'),
  priority: priority.optional().describe('Default `high`; `critical` for a critical subscription.'),
  estimate: z.number().min(0).optional(),
  assignee: agentRef.optional().describe('A member of this team; without it Baton picks the best-scoring member.'),
  acceptance_criteria: z.array(z.string()).optional(),
  checklist: z.array(checklistItem).optional(),
  produces_changes: z.boolean().optional(),
  blocks_source: z.boolean().optional().describe('The task that raised the event waits for the new task, then runs again (default true).'),
});

/** One subscription written as an object: the event and what to do about it. */
export const subscriptionObject = z.strictObject({
  event: z.string().min(1).describe('An event of the catalogue (seed 000), raised by the engine or by an agent.'),
  action: z.enum(SUBSCRIPTION_ACTIONS).optional().describe('`notify` (Inbox and a notification, the default), `task` (a new task from `task`) or `command` (run `command`); inferred from `task` / `command` when left out.'),
  task: taskTemplate.optional().describe('For `action: task`: the template of the task to add.'),
  command: commandLine.optional().describe('For `action: command`: run in the workspace root, without a shell, like a checklist command. `BATON_EVENT` holds the event as JSON.'),
  timeout: z.number().positive().optional().describe('For `action: command`: seconds before the command is stopped (default 600).'),
  critical: z.boolean().optional().describe('The emergency pattern (seed 000 §3): the response task jumps the queue and new work of lower priority waits until it is done.'),
  pause: z.boolean().optional().describe('With `critical`: running agents of lower priority are parked too, and continue after the emergency.'),
});

/** A subscription: a bare event name (notify the team) or `{ event, action, task | command, critical, pause }`. */
export const subscription = z
  .union([z.string().min(1), subscriptionObject])
  .describe('An event this team reacts to: its name (the team is notified), or `{ event, action, task | command, critical }`.');

export type SubscriptionFile = z.infer<typeof subscription>;
export type TaskTemplateFile = z.infer<typeof taskTemplate>;
