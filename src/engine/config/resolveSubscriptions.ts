import { ALL_EVENTS, isCatalogueEvent } from '../model/eventCatalogue';
import type { Priority } from '../model/common';
import type { SubscriptionAction } from '../model/subscriptionSchema';
import type { Subscription, TaskTemplate } from '../model/workspace';
import { parseChecklist } from '../patterns/compileSprint';
import { toArgv } from '../util/splitCommandLine';
import { didYouMean } from './didYouMean';
import { DiagnosticSink, locationOf } from './diagnosticSink';
import { asArray, asBoolean, asNonEmptyString, asNumber, asRecord, asString, asStringList, type Raw } from '../util/lenient';
import type { RangedSource, YamlPath } from './rangedSource';

const PRIORITIES = new Set(['critical', 'high', 'medium', 'low']);
const ACTIONS = new Set<string>(['notify', 'task', 'command']);

/** An agent a subscription's task template names, checked once every agent is known. */
export interface TemplateAssignee {
  agent: string;
  path: YamlPath;
}

/**
 * Reads a team's `subscriptions:` — bare event names or `{ event, action, task | command,
 * critical, pause }` — into what the engine acts on, reporting what could never fire or never
 * matter: an event outside the catalogue, an action without what it needs, and keys that have
 * no effect where they are written (no inert config).
 */
export function resolveSubscriptions(raw: unknown, base: YamlPath, source: RangedSource, sink: DiagnosticSink): { subscriptions: Subscription[]; assignees: TemplateAssignee[] } {
  const subscriptions: Subscription[] = [];
  const assignees: TemplateAssignee[] = [];
  asArray(raw).forEach((entry, i) => {
    const at: YamlPath = [...base, i];
    const record = asRecord(entry);
    const event = asNonEmptyString(record ? record.event : entry);
    const eventPath: YamlPath = record ? [...at, 'event'] : at;
    if (!event) return;
    if (!isCatalogueEvent(event)) return unknownEvent(source, eventPath, event, sink);
    if (!record) {
      subscriptions.push({ event, action: 'notify', critical: false, pause: false, location: locationOf(source, at) });
      return;
    }
    const sub = resolveObject(record, event, at, source, sink);
    if (!sub) return;
    subscriptions.push(sub);
    if (sub.task?.assignee) assignees.push({ agent: sub.task.assignee, path: [...at, 'task', 'assignee'] });
  });
  return { subscriptions, assignees };
}

function resolveObject(record: Raw, event: string, at: YamlPath, source: RangedSource, sink: DiagnosticSink): Subscription | undefined {
  const written = asString(record.action);
  const inferred: SubscriptionAction = record.task !== undefined ? 'task' : record.command !== undefined ? 'command' : 'notify';
  const action = written && ACTIONS.has(written) ? (written as SubscriptionAction) : inferred;
  const sub: Subscription = { event, action, critical: asBoolean(record.critical) ?? false, pause: asBoolean(record.pause) ?? false, location: locationOf(source, at) };
  const noEffect = (key: string, why: string): void => void sink.add(source, [...at, key], 'warning', 'subscription-no-effect', `\`${key}\` has no effect here: ${why}`, { key: true });
  if (action === 'task') {
    const template = asRecord(record.task);
    if (!template) {
      sink.add(source, at, 'error', 'subscription-incomplete', `\`action: task\` needs \`task: { title: … }\`: the template of the task to add when \`${event}\` is raised.`);
      return undefined;
    }
    sub.task = resolveTemplate(template, sub.critical, [...at, 'task'], source, sink);
  } else if (record.task !== undefined) noEffect('task', `the action is \`${action}\`; write \`action: task\` to add a task.`);
  if (action === 'command') {
    const command = commandOf(record.command, [...at, 'command'], source, sink);
    if (!command) {
      if (record.command === undefined) sink.add(source, at, 'error', 'subscription-incomplete', `\`action: command\` needs \`command\`: what to run when \`${event}\` is raised.`);
      return undefined;
    }
    sub.command = command;
    const timeout = asNumber(record.timeout);
    if (timeout !== undefined) sub.timeoutSeconds = timeout;
  } else {
    if (record.command !== undefined) noEffect('command', `the action is \`${action}\`; write \`action: command\` to run it.`);
    if (record.timeout !== undefined) noEffect('timeout', 'it limits the `command` of a command subscription.');
  }
  if (sub.critical && action !== 'task') noEffect('critical', 'an emergency needs a response task to wait for; write `action: task` with a `task` template.');
  if (record.pause !== undefined && !sub.critical) noEffect('pause', 'it parks running agents during an emergency; add `critical: true`.');
  return sub;
}

function resolveTemplate(raw: Raw, critical: boolean, at: YamlPath, source: RangedSource, sink: DiagnosticSink): TaskTemplate {
  const priority = asString(raw.priority);
  const template: TaskTemplate = {
    title: asNonEmptyString(raw.title) ?? 'Respond to {event}',
    description: asString(raw.description) ?? '{data.description}',
    type: asNonEmptyString(raw.type) ?? 'bug',
    priority: priority && PRIORITIES.has(priority) ? (priority as Priority) : critical ? 'critical' : 'high',
    estimate: asNumber(raw.estimate) ?? 1,
    acceptanceCriteria: asStringList(raw.acceptance_criteria),
    checklist: parseChecklist(raw.checklist, [...at, 'checklist'], {
      sprintId: '', file: source.file, locate: (p) => locationOf(source, p),
      report: (p, message) => void sink.add(source, p, 'error', 'bad-format', message),
    }),
    producesChanges: asBoolean(raw.produces_changes) ?? true,
    blocksSource: asBoolean(raw.blocks_source) ?? true,
  };
  const assignee = asNonEmptyString(raw.assignee);
  if (assignee) template.assignee = assignee;
  return template;
}

function commandOf(value: unknown, at: YamlPath, source: RangedSource, sink: DiagnosticSink): string[] | undefined {
  if (typeof value !== 'string' && !Array.isArray(value)) return undefined;
  try {
    const argv = toArgv(typeof value === 'string' ? value : asStringList(value));
    return argv.length ? argv : undefined;
  } catch (error) {
    sink.add(source, at, 'error', 'bad-format', `${(error as Error).message}. Close the quote, or write the command as a list of arguments.`);
    return undefined;
  }
}

function unknownEvent(source: RangedSource, at: YamlPath, event: string, sink: DiagnosticSink): void {
  const suggestion = didYouMean(event, ALL_EVENTS);
  sink.add(source, at, 'error', 'unknown-event',
    `\`${event}\` is not an event in the catalogue, so this subscription would never fire.${suggestion ? ` Did you mean \`${suggestion}\`?` : ' See the event catalogue in the README.'}`,
    suggestion ? { fix: DiagnosticSink.replaceFix(source, at, suggestion, `Change to \`${suggestion}\``)!, data: { suggestion } } : {});
}
