/**
 * Messages between the extension host and the board webview, declared once and imported by
 * both sides. Every message is a member of one of these unions; nothing else crosses.
 */

export type BoardTaskStatus = 'planning' | 'ready' | 'running' | 'review' | 'blocked' | 'done' | 'failed' | 'cancelled' | 'skipped';

export interface BoardTask {
  id: string;
  title: string;
  status: BoardTaskStatus;
  agent?: string;
  team?: string;
  priority: 'critical' | 'high' | 'medium' | 'low';
  estimate: number;
  level: number;
  dependencies: string[];
  critical: boolean;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'snapshot'; sprint: string; tasks: BoardTask[] }
  | { type: 'taskUpdated'; task: BoardTask };

/** Webview → host. */
export type WebviewMessage = { type: 'ready' } | { type: 'openTask'; taskId: string };

export function isHostMessage(value: unknown): value is HostMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'snapshot' || type === 'taskUpdated';
}
