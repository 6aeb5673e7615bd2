/**
 * Messages between the extension host and the board and review webviews, declared once and
 * imported by both sides (STYLE.md §7–8). Every message is a member of one of these unions;
 * nothing else crosses.
 *
 * The conversation: the webview posts `ready`; the host, which buffers until then, answers with
 * a full `snapshot` (board) or `review`, then sends deltas (`tasksChanged`, `runChanged`,
 * `metricsChanged`) as engine events arrive. The webview asks for changes with `request`s that
 * carry an id; the host answers each with one `response` carrying the same id. The webview
 * times requests out; the host never assumes a request succeeded.
 */
import type { BoardCapabilities, BoardResult, BoardRun, BoardSnapshot, BoardTab, BoardTask, DashboardMetrics, ReviewSnapshot, TaskMove } from './boardTypes';
import { TASK_ACTION_IDS, type TaskActionId } from './taskActions';

/** What can be done with a finished sprint's integration branch (the same commands as the Sprints tree's). */
export type ResultActionId = 'compare' | 'checkout' | 'merge' | 'push';
export const RESULT_ACTION_IDS: readonly ResultActionId[] = ['compare', 'checkout', 'merge', 'push'];

/** Which app a webview runs: the board or a handoff review. */
export type WebviewApp = 'board' | 'review';

/** Each request method, its parameters and its result. */
export interface RequestMap {
  /** Drag-and-drop or keyboard move of a card; the host validates it with the engine. */
  moveTask: { params: { taskId: string; move: TaskMove }; result: null };
  /** Opens the task in its sprint YAML. */
  openTask: { params: { taskId: string }; result: null };
  /** Opens the handoff review panel of a task in review. */
  openReview: { params: { taskId: string }; result: null };
  /** Shows another sprint on the board. */
  selectSprint: { params: { sprintId: string }; result: null };
  /** Review panel: approve the handoff. */
  approveTask: { params: { taskId: string }; result: null };
  /** Review panel: send it back with a comment that goes into the agent's next prompt. */
  requestChanges: { params: { taskId: string; comment: string }; result: null };
  /** Review panel: VS Code's diff editor for one changed file against the task's base. */
  openDiff: { params: { taskId: string; path: string }; result: null };
  /** Review panel: open an artifact (a path in the task's worktree or the workspace). */
  openArtifact: { params: { taskId: string; path: string }; result: null };
  /** Any surface: one of the task actions (src/shared/taskActions.ts), run by its VS Code command. */
  taskAction: { params: { taskId: string; action: TaskActionId }; result: null };
  /** Board: an action on the completed sprint's integration branch. */
  resultAction: { params: { action: ResultActionId }; result: null };
  /** Review panel: hand the task to this member (checked by the engine). */
  reassignTask: { params: { taskId: string; agent: string }; result: null };
  /** Review panel: show the next handoff waiting for review in this panel. */
  reviewNext: { params: { taskId: string }; result: null };
  /** Review panel: approve every handoff waiting for review, after a confirmation. */
  approveAll: { params: { taskId: string }; result: null };
}

export type RequestMethod = keyof RequestMap;
export const REQUEST_METHODS: readonly RequestMethod[] = [
  'moveTask', 'openTask', 'openReview', 'selectSprint', 'approveTask', 'requestChanges', 'openDiff', 'openArtifact',
  'taskAction', 'resultAction', 'reassignTask', 'reviewNext', 'approveAll',
];

/** A request of one method. */
export type RequestOf<M extends RequestMethod> = { type: 'request'; id: number; method: M; params: RequestMap[M]['params'] };
export type AnyRequest = { [M in RequestMethod]: RequestOf<M> }[RequestMethod];

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready'; app: WebviewApp }
  | AnyRequest;

/** The answer to request `id`: its result, or why it was refused. */
export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

/** Host → webview. */
export type HostMessage =
  | { type: 'snapshot'; snapshot: BoardSnapshot }
  | { type: 'tasksChanged'; tasks: BoardTask[]; hostNow: string }
  | { type: 'runChanged'; run: BoardRun; capabilities: BoardCapabilities }
  | { type: 'metricsChanged'; metrics: DashboardMetrics | undefined }
  | { type: 'resultChanged'; result: BoardResult }
  | { type: 'reveal'; taskId?: string; tab?: BoardTab }
  | { type: 'review'; review: ReviewSnapshot }
  | ResponseMessage;

export type HostMessageType = HostMessage['type'];
export type HostMessageOf<T extends HostMessageType> = Extract<HostMessage, { type: T }>;

const HOST_TYPES: Record<HostMessageType, true> = {
  snapshot: true, tasksChanged: true, runChanged: true, metricsChanged: true, resultChanged: true, reveal: true, review: true, response: true,
};

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** True for any host → webview message (checked by its `type`; the host is trusted). */
export function isHostMessage(value: unknown): value is HostMessage {
  const type = record(value)?.type;
  return typeof type === 'string' && Object.hasOwn(HOST_TYPES, type);
}

/** Narrows a host message to one type. */
export function isHostMessageOf<T extends HostMessageType>(message: HostMessage, type: T): message is HostMessageOf<T> {
  return message.type === type;
}

/**
 * True for a well-formed webview → host message, parameters included: the webview runs
 * untrusted content's neighbour, so the host checks every field before acting on it.
 */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  const m = record(value);
  if (!m) return false;
  if (m.type === 'ready') return m.app === 'board' || m.app === 'review';
  if (m.type !== 'request' || !Number.isSafeInteger(m.id) || typeof m.method !== 'string') return false;
  return REQUEST_METHODS.includes(m.method as RequestMethod) && paramsValid(m.method as RequestMethod, record(m.params));
}

/** Narrows a request to one method. */
export function isRequestOf<M extends RequestMethod>(request: AnyRequest, method: M): request is Extract<AnyRequest, { method: M }> {
  return request.method === method;
}

const str = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

function paramsValid(method: RequestMethod, p: Record<string, unknown> | undefined): boolean {
  if (!p) return false;
  switch (method) {
    case 'selectSprint':
      return str(p.sprintId, 200);
    case 'requestChanges':
      return str(p.taskId, 200) && str(p.comment);
    case 'openDiff':
    case 'openArtifact':
      return str(p.taskId, 200) && str(p.path, 4096);
    case 'moveTask':
      return str(p.taskId, 200) && moveValid(record(p.move));
    case 'taskAction':
      return str(p.taskId, 200) && TASK_ACTION_IDS.includes(p.action as TaskActionId);
    case 'resultAction':
      return RESULT_ACTION_IDS.includes(p.action as ResultActionId);
    case 'reassignTask':
      return str(p.taskId, 200) && str(p.agent, 200);
    default:
      return str(p.taskId, 200);
  }
}

function moveValid(move: Record<string, unknown> | undefined): boolean {
  switch (move?.kind) {
    case 'cancel':
    case 'approve':
    case 'retry':
      return true;
    case 'requestChanges':
      return str(move.comment);
    case 'reassign':
      return str(move.agent, 200);
    default:
      return false;
  }
}

/** Default time a webview waits for a response before giving up on a request. */
export const REQUEST_TIMEOUT_MS = 15_000;
