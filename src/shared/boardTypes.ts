/**
 * The data the board and review webviews show, as the host maps it from the engine
 * (`src/extension/board/boardModel.ts`). Plain JSON: it crosses `postMessage`. No vscode, no DOM.
 */
import type { EstimateUnit } from './estimates';
import type { TaskActionId } from './taskActions';

/** Where a task is within a run; mirrors the engine's `TaskRunStatus`. */
export type BoardTaskStatus = 'planning' | 'ready' | 'running' | 'review' | 'blocked' | 'done' | 'failed' | 'cancelled' | 'skipped';

/** The Kanban columns, left to right. Cancelled tasks sit in `failed`, skipped ones in `done`. */
export const BOARD_COLUMNS = ['planning', 'ready', 'running', 'review', 'blocked', 'done', 'failed'] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** The column a task of this status sits in. */
export function columnOf(status: BoardTaskStatus): BoardColumn {
  if (status === 'cancelled') return 'failed';
  if (status === 'skipped') return 'done';
  return status;
}

export type BoardPriority = 'critical' | 'high' | 'medium' | 'low';
export type BoardTab = 'summary' | 'kanban' | 'graph' | 'dashboard';
export const BOARD_TABS: readonly BoardTab[] = ['summary', 'kanban', 'graph', 'dashboard'];

/** One task as the board draws it: the sprint file's fields joined with its run state. */
export interface BoardTask {
  id: string;
  title: string;
  /** The task's `type` (feature, bug, …) and how the patterns compiled it (task, review, sync, …). */
  type: string;
  kind: string;
  priority: BoardPriority;
  estimate: number;
  /** Ids of known tasks this one waits for (unknown ids dropped). */
  dependencies: string[];
  /** Dependency depth: 0 for tasks without dependencies (the graph's column). */
  level: number;
  /** On the sprint's critical path (longest chain by estimate). */
  critical: boolean;
  status: BoardTaskStatus;
  /** The agent running or assigned to it: the run's choice, else the file's `assignee`. */
  agent?: string;
  team?: string;
  attempts: number;
  /** ISO time the current attempt started (running tasks: the live elapsed time). */
  runningSince?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Why it is blocked, failed, skipped, cancelled or back for changes. */
  reason?: string;
  summary?: string;
  costUsd?: number;
  /** Where it is written, for "open in YAML": absolute file and 1-based line. */
  file?: string;
  line?: number;
  /** The agent's last `report_status` (seed 000's status update), shown live on the card. */
  progress?: { percent?: number; status: string; remaining: string[]; blockers: string[]; at: string };
  /** The question the task waits on or asked last and is still open; `waiting` when it parks the task. */
  question?: { id: string; text: string; to: string; waiting: boolean };
  /** Direct dependants, as `baton plan` lists them under "unblocks". */
  unblocks: string[];
  /** It has a handoff to read; its changes can be shown; an attempt left work a person may accept. */
  handoff: boolean;
  diff: boolean;
  acceptable: boolean;
  /** An agent of it asked a person a question nobody has answered yet (the card offers Answer). */
  answerable: boolean;
}

/** The engine's usage totals as the dashboard shows them (`usageOfRun`). */
export interface UsageSummary {
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  costUsd: number;
  perAgent: { agent: string; usd: number; tokens: number }[];
  /** The models that did the work, most expensive first. */
  models: string[];
}

/** A run as the board's header shows it. */
export interface BoardRun {
  runId?: string;
  sprint?: string;
  status: 'idle' | 'active' | 'paused' | 'completed' | 'stopped' | 'cancelled';
  startedAt?: string;
  finishedAt?: string;
  reason?: string;
  /** This window runs it (only then can single tasks be cancelled). */
  runningHere: boolean;
  /** Seed 000's emergency pattern: shown until its response tasks are done. */
  emergency?: { id: string; event: string; tasks: string[] };
}

/** A member agent of a team the sprint uses: a swimlane and a reassignment target. */
export interface BoardMember {
  agent: string;
  team: string;
  capacity: number;
}

/** One point of a time series: ISO time and a value. */
export interface SeriesPoint {
  at: string;
  value: number;
}

/** Per-agent utilization: busy time over the time the run has been open, per unit of capacity. */
export interface AgentUtilization {
  agent: string;
  busyMs: number;
  capacity: number;
  /** 0..1 (can exceed 1 if an agent ran more at once than its capacity). */
  utilization: number;
  tasks: number;
}

/** The dashboard's figures, computed by the host from the run's journal. */
export interface DashboardMetrics {
  /** Sum of the sprint's estimates. */
  totalEstimate: number;
  /** Remaining estimate after each change, starting at the run's start. */
  burndown: SeriesPoint[];
  /** The straight line from the total to zero over the sprint's duration, when it has one. */
  ideal?: SeriesPoint[];
  /** Tasks finished per bucket; `bucketMs` wide, starting at the run's start. */
  throughput: { bucketMs: number; counts: number[]; startAt?: string };
  /** Cycle time (first start → done) in milliseconds, per finished task. */
  cycleTimes: { task: string; ms: number }[];
  cycleTime: { averageMs: number; medianMs: number; p90Ms: number } | undefined;
  utilization: AgentUtilization[];
  /** Agent-busy time over (elapsed × maxParallel): how much of the allowed parallelism was used. */
  parallelEfficiency: number | undefined;
  /** Average number of agents running at once. */
  averageParallelism: number | undefined;
  maxParallel: number | undefined;
  /** Time tasks spent blocked, summed, and per task. */
  blockedMs: number;
  blocked: { task: string; ms: number }[];
  /** Cost where agents report it. */
  cost: { totalUsd: number; perTask: { task: string; usd: number }[]; reportedTasks: number };
  /** Tokens and dollars per agent and for the sprint, as the engine sums them (absent in older hosts). */
  usage?: UsageSummary;
  elapsedMs: number;
  /** When the run finished (completed, stopped or cancelled); absent while it goes on. */
  finishedAt?: string;
  done: number;
  total: number;
}

/** Which moves this window can make at all, and why not. */
export interface BoardCapabilities {
  cancel: boolean;
  cancelReason?: string;
  approve: boolean;
  approveReason?: string;
  reassign: boolean;
  reassignReason?: string;
  retry: boolean;
  retryReason?: string;
}

/** A finished sprint's integration branch and what can be done with it. */
export interface BoardResult {
  branch: string;
  exists: boolean;
  commits: number;
  files: number;
  /** Where a merge goes by default: the run's base branch, else the branch checked out. */
  mergeInto?: string;
  /** The branch is checked out in the repository's working tree already. */
  checkedOut: boolean;
  /** A GitHub or GitLab remote exists: "Push and open PR" is offered. */
  remote?: { name: string; host: 'github' | 'gitlab' };
}

/** Everything the board needs, sent once after `ready` and whenever the sprint changes. */
export interface BoardSnapshot {
  sprint: { id: string; name: string; file?: string; durationDays?: number; estimateUnit: EstimateUnit } | undefined;
  sprints: { id: string; name: string }[];
  run: BoardRun;
  tasks: BoardTask[];
  members: BoardMember[];
  /** Task ids of the critical path, in order. */
  criticalPath: string[];
  metrics: DashboardMetrics | undefined;
  capabilities: BoardCapabilities;
  /** The host's clock when it built the snapshot, for elapsed times without clock skew. */
  hostNow: string;
  /** The sprint's result once its run completed (undefined before, or while it is read). */
  result?: BoardResult;
  /** Set when there is nothing to show (no workspace, no sprint). */
  emptyReason?: string;
}

/** A move the person makes by dragging a card (or with the keyboard). */
export type TaskMove =
  | { kind: 'cancel' }
  | { kind: 'approve' }
  | { kind: 'requestChanges'; comment: string }
  | { kind: 'retry' }
  | { kind: 'reassign'; agent: string };

/** One checklist item of a handoff, with its verify command's result when it ran. */
export interface ReviewChecklistItem {
  item: string;
  verify?: string[];
  passed?: boolean;
  output?: string;
}

/** One changed file of a task's worktree since its base. */
export interface ReviewFile {
  path: string;
  oldPath?: string;
  status: 'A' | 'M' | 'D' | 'R';
  insertions: number;
  deletions: number;
}

/** An action button's state: enabled, or why not. */
export interface ActionState {
  enabled: boolean;
  reason?: string;
}

/** A handoff under review, as the review panel shows it. */
export interface ReviewSnapshot {
  task: {
    id: string;
    title: string;
    description: string;
    status: BoardTaskStatus;
    agent?: string;
    team?: string;
    attempts: number;
    file?: string;
    line?: number;
  };
  sprint?: string;
  summary?: string;
  /** The agent's notes: known issues and anything else it wrote for the reviewer. */
  notes: string[];
  knownIssues: string[];
  artifacts: string[];
  acceptanceCriteria: string[];
  checklist: ReviewChecklistItem[];
  files: ReviewFile[];
  insertions: number;
  deletions: number;
  /** Why the changed files could not be listed, if they could not. */
  filesProblem?: string;
  baseCommit?: string;
  /** Comments from earlier "request changes", oldest first. */
  previousComments: string[];
  approve: ActionState;
  requestChanges: ActionState;
  /** The task actions that apply now (src/shared/taskActions.ts). */
  actions: TaskActionId[];
  /** Members the task may be handed to, each checked by the engine now. */
  members: { agent: string; team: string; allowed: boolean; reason?: string }[];
  /** Every task of the run waiting for review, oldest first: the review queue. */
  queue: string[];
  /** What became of the task when it is no longer waiting: "Approved by VS Code", "Sent back…". */
  outcome?: string;
}
