import type { CreatedTaskDefinition, DeniedCaller, TeamEventPayloads, EventDelivery, QuestionAddressee, StatusReport, SubmittedHandoff } from './teamEvents';

/** A question's life: open until answered or closed. */
export type QuestionStatus = 'open' | 'answered' | 'closed';

/** One question of the run (seed 003 §2.1's `communication.questions`). */
export interface QuestionState {
  id: string;
  /** The asking task and its attempt. */
  task: string;
  attempt: number;
  from: string;
  to: QuestionAddressee;
  text: string;
  context?: string;
  blocking: boolean;
  status: QuestionStatus;
  askedAt: string;
  /** Agents it reached, and how. */
  deliveredTo?: { agent: string; via: 'tool-result' | 'answer-attempt'; at: string }[];
  answer?: string;
  answeredBy?: string;
  answeredVia?: 'mcp' | 'final-message' | 'person';
  answeredAt?: string;
  /** Why it was closed unanswered. */
  closedReason?: string;
}

/** A seed 000 event raised in the run, with what the teams did about it. */
export interface RaisedEventState {
  id: string;
  name: string;
  data: Record<string, unknown>;
  source: { task?: string; agent?: string; team?: string; engine?: true };
  critical: boolean;
  at: string;
  deliveries: EventDelivery[];
  /** Results of `command` subscriptions, by team. */
  commands?: { team: string; passed: boolean; exitCode: number | null; output: string; durationMs: number }[];
}

/** Seed 000 §3: an emergency, active until its response tasks settle. */
export interface EmergencyState {
  id: string;
  name: string;
  tasks: string[];
  pause: boolean;
  parked: string[];
  status: 'active' | 'done' | 'failed';
  startedAt: string;
  resolvedAt?: string;
}

/** A call the caller's role (or a budget) did not allow. */
export interface DenialState {
  tool: string;
  reason: string;
  caller: DeniedCaller;
  at: string;
}

/** The run-wide state of the communication layer. Arrays, not maps, so snapshots stay plain JSON. */
export interface TeamState {
  questions: QuestionState[];
  events: RaisedEventState[];
  emergencies: EmergencyState[];
  denials: DenialState[];
  /** Keys of engine-derived events already raised, so each cause raises its event once. */
  raisedKeys: string[];
}

/** Where a parked task waits, and how its next attempt continues (the `task:waiting` that parked it). */
export type TaskWaiting = Omit<TeamEventPayloads['task:waiting'], 'task'>;

/** The communication layer's part of a task's state (mixed into `TaskRunState`). */
export interface TaskTeamState {
  /** The last `report_status`, shown live on the card, the tree and in `baton status`. */
  progress?: StatusReport & { at: string };
  /** Set while the task is `waiting`, and kept for the attempt that continues it. */
  waiting?: TaskWaiting;
  /** The handoff the current (or last) attempt submitted through MCP. */
  submitted?: { attempt: number; handoff: SubmittedHandoff };
  /** For tasks added while the sprint ran: their definition and who added them. */
  created?: { definition: CreatedTaskDefinition; by: { event?: string; agent?: string; team?: string } };
  /** Dependencies added while the sprint ran (a fix task for a bug this task found). */
  addedDependencies?: string[];
}
