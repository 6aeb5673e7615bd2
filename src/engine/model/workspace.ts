import type { Diagnostic, SourceRange } from './diagnostic';
import type { Priority, WorktreeStrategy } from './common';
import type { RunnerKind } from './agentSchema';
import type { SubscriptionAction } from './subscriptionSchema';
import type { EstimateUnit } from '../../shared/estimates';

/** Where a resolved entity was written, for go-to-definition and "open in YAML". */
export interface SourceLocation {
  file: string;
  range: SourceRange;
}

export interface Agent {
  name: string;
  file: string;
  location: SourceLocation;
  description: string;
  tools: string[];
  disallowedTools: string[];
  model?: string;
  runner: RunnerKind;
  /** For `runner: command`: the argv template. */
  command?: string[];
  /** For `runner: script`: absolute path. */
  script?: string;
  owns: string[];
  forbidden: string[];
  role?: string;
  specialties: string[];
  timeoutSeconds?: number;
  env: string[];
  /** The markdown body: the agent's instructions. */
  body: string;
  /** Every frontmatter key as written, including ones Baton does not interpret. */
  frontmatter: Record<string, unknown>;
}

export interface TeamMember {
  agent: string;
  capacity: number;
  specialties: string[];
  role?: string;
  location: SourceLocation;
}

export interface Team {
  id: string;
  name: string;
  orchestrator?: { agent: string; model?: string; location: SourceLocation };
  members: TeamMember[];
  capabilities: string[];
  /** What the team does about each event it subscribes to, in file order. */
  subscriptions: Subscription[];
  autoAssign: boolean;
  requireReview: boolean;
  worktreeStrategy: WorktreeStrategy;
  /** Cap on this team's running tasks; undefined means no team cap. */
  maxParallelAgents?: number;
  location: SourceLocation;
}

/** The task a `task` subscription adds to the sprint (model/subscriptionSchema.ts). */
export interface TaskTemplate {
  title: string;
  description: string;
  type: string;
  priority: Priority;
  estimate: number;
  assignee?: string;
  acceptanceCriteria: string[];
  checklist: ChecklistItem[];
  producesChanges: boolean;
  /** The task that raised the event waits for the new one, then runs again. */
  blocksSource: boolean;
}

/** A team's subscription to one event of the catalogue, and what it does about it. */
export interface Subscription {
  event: string;
  action: SubscriptionAction;
  /** For `task`. */
  task?: TaskTemplate;
  /** For `command`: the argument list. */
  command?: string[];
  timeoutSeconds?: number;
  /** Seed 000's emergency pattern: the response task jumps the queue, lower-priority work waits. */
  critical: boolean;
  /** With `critical`: running lower-priority agents are parked until the emergency ends. */
  pause: boolean;
  location: SourceLocation;
}

export interface ChecklistItem {
  item: string;
  /** Argument list; undefined for items the agent only states. */
  verify?: string[];
  timeoutSeconds?: number;
}

export type TaskKind = 'task' | 'review' | 'validation' | 'sync' | 'fan-in' | 'analysis' | 'branch';

export interface TaskCondition {
  /** The analyzer task whose reported outcome decides. */
  task: string;
  /** The outcomes under which this task runs. */
  outcomes: string[];
}

export interface Task {
  id: string;
  sprint: string;
  title: string;
  description: string;
  type: string;
  priority: Priority;
  estimate: number;
  dependencies: string[];
  assignee?: string;
  team?: string;
  acceptanceCriteria: string[];
  handoffArtifacts: string[];
  checklist: ChecklistItem[];
  review: boolean;
  condition?: TaskCondition;
  producesChanges: boolean;
  timeoutSeconds?: number;
  maxRetries?: number;
  urgency: number;
  businessImpact: number;
  labels: string[];
  kind: TaskKind;
  /** For generated tasks: the task or pattern block they were compiled from. */
  generatedFrom?: string;
  /** For sync points: commands that must pass. */
  checks?: string[][];
  /** Set on a response task of a critical event (seed 000's emergency pattern): it goes first, lower-priority work waits. */
  emergency?: string;
  location: SourceLocation;
}

export type Prerequisite =
  | { kind: 'stated'; name: string; location: SourceLocation }
  | { kind: 'command'; name: string; command: string[]; timeoutSeconds?: number; location: SourceLocation }
  | { kind: 'env'; name: string; variable: string; location: SourceLocation }
  | { kind: 'file'; name: string; path: string; location: SourceLocation }
  | { kind: 'port'; name: string; port: number; timeoutSeconds?: number; location: SourceLocation }
  | { kind: 'npm'; name: string; packageName: string; location: SourceLocation };

export interface SuccessCriterion {
  name: string;
  command?: string[];
}

export interface Sprint {
  id: string;
  file: string;
  name: string;
  description: string;
  epic?: string;
  durationDays?: number;
  baseBranch?: string;
  teams: string[];
  goals: string[];
  prerequisites: Prerequisite[];
  /** All tasks after pattern compilation, in file order (generated tasks after their source). */
  tasks: Task[];
  successCriteria: SuccessCriterion[];
  /** Cap on running tasks from `max_concurrent` / `parallel_execution: false`. */
  maxParallel?: number;
  location: SourceLocation;
}

export interface Epic {
  id: string;
  file: string;
  title: string;
  features: string[];
  sprints: string[];
  dependencies: string[];
  location: SourceLocation;
}

export interface WorkspaceSettings {
  maxParallelAgents?: number;
  defaultRunner: RunnerKind;
  baseBranch?: string;
  worktreeStrategy: WorktreeStrategy;
  worktrees: {
    location?: string;
    copy: string[];
    symlink: string[];
    setup?: string[];
    keepFailed: boolean;
  };
  taskTimeoutSeconds: number;
  stallTimeoutSeconds: number;
  maxRetries: number;
  /** `settings.runners.<kind>.executable`, resolved against the workspace root when it is a path. */
  executables: Partial<Record<RunnerKind, string>>;
  /** `settings.prices`: USD per million tokens by model id or prefix (`input`, `output`, `cacheRead`, `cacheWrite`). */
  prices: Record<string, { input: number; output: number; cacheRead?: number; cacheWrite?: number }>;
  /** Questions the agents of one task may ask before `ask` is refused. */
  maxQuestionsPerTask: number;
  /** `settings.sandbox`: contain agents and check commands where the OS can (`auto`), always (`required`), or never (`off`). */
  sandbox: 'auto' | 'required' | 'off';
  /** Where teams.yaml sets `settings.sandbox`, for errors that name its line. */
  sandboxAt?: SourceLocation;
  /** `max_agent_log_size`: bytes an agent log may take (head and tail kept beyond it); set by the loader (default 50 MB). */
  maxAgentLogBytes?: number;
  /** The unit of every task estimate (`estimate_unit`, default points). */
  estimateUnit: EstimateUnit;
}

/** A whole workspace, resolved: every reference points at something that exists (or has a diagnostic). */
export interface Workspace {
  /** Absolute workspace root. */
  root: string;
  /** Absolute config root (default `<root>/.claude`). */
  configRoot: string;
  teamsFile?: string;
  teams: Map<string, Team>;
  agents: Map<string, Agent>;
  sprints: Map<string, Sprint>;
  epics: Map<string, Epic>;
  settings: WorkspaceSettings;
}

export interface LoadResult {
  workspace: Workspace;
  diagnostics: Diagnostic[];
  /** Every file the loader read, absolute. */
  files: string[];
  /** The text of every file read (by absolute path), when asked for (`keepSources`): what a run records as its rules. */
  sources?: ReadonlyMap<string, string>;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
