/**
 * The events of the communication layer (DESIGN.md "Teams that talk"): questions and answers,
 * status reports, handoffs submitted over MCP, parked (`waiting`) tasks, tasks added while the
 * sprint runs, seed 000 events with what the subscribing teams did about them, emergencies and
 * denied calls. They are part of {@link EngineEventPayloads} (events.ts) and projected by
 * `teamProjection.ts`; like every event they are journalled before anyone acts on them, so a
 * crash loses no question and no answer.
 */
import type { Priority } from '../model/common';
import type { ChecklistItem } from '../model/workspace';
import type { AgentExitStatus } from './events';

/** Whom a question is for. A teammate is named (or found by specialty) when it is asked. */
export type QuestionAddressee =
  | { kind: 'agent'; agent: string }
  | { kind: 'orchestrator'; agent: string; team: string }
  | { kind: 'person' };

/** Seed 000's status update, as an agent reported it through `report_status`. */
export interface StatusReport {
  agent: string;
  attempt: number;
  status: string;
  /** 0–100. */
  progress?: number;
  completedWork: string[];
  remainingWork: string[];
  blockers: string[];
  estimatedCompletion?: string;
  qualityMetrics?: Record<string, number>;
}

/** What an agent handed off through `submit_handoff`, in the result file's terms. */
export interface SubmittedHandoff {
  status: AgentExitStatus;
  summary: string;
  artifacts: string[];
  knownIssues: string[];
  outcome?: string;
  /** The agent's own claims about the checklist: stated, never taken as verification. */
  checklist: { item: string; done: boolean; note?: string }[];
}

/** A task added to the live sprint (by a subscription or an orchestrator), as the scheduler needs it. */
export interface CreatedTaskDefinition {
  title: string;
  description: string;
  type: string;
  priority: Priority;
  estimate: number;
  team?: string;
  assignee?: string;
  dependencies: string[];
  acceptanceCriteria: string[];
  checklist: ChecklistItem[];
  producesChanges: boolean;
  /** The emergency (its event id) this task responds to. */
  emergency?: string;
}

/** What one subscribing team did about a raised event. */
export interface EventDelivery {
  team: string;
  action: 'notify' | 'task' | 'command';
  /** For `task`: the task it added. */
  task?: string;
}

/** Who made a denied call: the agent, its role, and the task its credential is scoped to. */
export interface DeniedCaller {
  agent: string;
  role: string;
  task?: string;
  attempt?: number;
}

export interface TeamEventPayloads {
  /** An agent asked a teammate, an orchestrator or a person (seed 003 §2.1 `communication.questions`). */
  'question:asked': {
    question: string;
    task: string;
    attempt: number;
    from: string;
    to: QuestionAddressee;
    text: string;
    context?: string;
    /** The asker needs the answer before it can go on: a question to a person parks its task. */
    blocking: boolean;
  };
  /** The question reached its addressee: in a tool result of its running session, or in an answer attempt. */
  'question:delivered': { question: string; agent: string; via: 'tool-result' | 'answer-attempt' };
  'question:answered': { question: string; answer: string; by: string; via: 'mcp' | 'final-message' | 'person' };
  /** The question will not be answered (the teammate could not, the run ended). */
  'question:closed': { question: string; reason: string };
  'task:status-reported': StatusReport & { task: string };
  'task:handoff-submitted': { task: string; attempt: number; agent: string; handoff: SubmittedHandoff };
  /**
   * The attempt is parked, its work kept: it waits for answers to `questions`, for the tasks
   * it now depends on (`tasks`), or for an emergency to end. The next attempt continues it,
   * from `checkpoint`, in the same session where the CLI can resume one.
   */
  'task:waiting': {
    task: string;
    attempt: number;
    checkpoint: string;
    reason: string;
    questions?: string[];
    tasks?: string[];
    emergency?: string;
    sessionId?: string;
    /** The parked attempt's changes were committed and count as the task's work (it waited for a task). */
    keptWork?: boolean;
  };
  /** A task added to the running sprint: `by` an event's subscription or an orchestrator agent. */
  'task:created': { task: string; definition: CreatedTaskDefinition; by: { event?: string; agent?: string; team?: string } };
  /** `task` now also waits for `dependsOn` (a bug fix for what it found, say). */
  'task:dependency-added': { task: string; dependsOn: string; reason: string };
  /**
   * A seed 000 event, raised by the engine (`source.engine`) or an agent, with what every
   * subscribing team did about it. `key` makes an engine-derived event happen once per cause.
   */
  'event:raised': {
    event: string;
    name: string;
    data: Record<string, unknown>;
    source: { task?: string; agent?: string; team?: string; engine?: true };
    critical: boolean;
    key?: string;
    deliveries: EventDelivery[];
  };
  /** A `command` subscription ran. */
  'subscription:command-finished': { event: string; team: string; command: string[]; passed: boolean; exitCode: number | null; output: string; durationMs: number };
  /** Seed 000 §3: a critical event's response tasks go first; with `pause`, `parked` agents wait. */
  'emergency:started': { emergency: string; name: string; tasks: string[]; pause: boolean; parked?: string[] };
  'emergency:resolved': { emergency: string; outcome: 'done' | 'failed' };
  /** A call refused by the caller's role (seed 003 §10.1) or a budget. */
  'access:denied': { tool: string; reason: string; caller: DeniedCaller };
}

/** The type names of {@link TeamEventPayloads}, for the projection's routing. */
export const TEAM_EVENT_TYPES: Readonly<Record<keyof TeamEventPayloads, true>> = {
  'question:asked': true, 'question:delivered': true, 'question:answered': true, 'question:closed': true,
  'task:status-reported': true, 'task:handoff-submitted': true, 'task:waiting': true, 'task:created': true,
  'task:dependency-added': true, 'event:raised': true, 'subscription:command-finished': true,
  'emergency:started': true, 'emergency:resolved': true, 'access:denied': true,
};
