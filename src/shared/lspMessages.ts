/**
 * Baton's custom language-server messages, declared once and imported by the server, the
 * extension's language client and (types only) the board. Each is a namespace with its
 * `method` and `type`, and says which way it goes.
 */
import { RequestType } from 'vscode-jsonrpc';

/** Which sprint: the sprint file's document URI, or the sprint's id. */
export interface SprintGraphParams {
  uri?: string;
  sprint?: string;
}

/** One task of the sprint graph; status-independent (the plan, not the run). */
export interface SprintGraphTask {
  id: string;
  title: string;
  kind: 'task' | 'review' | 'validation' | 'sync' | 'fan-in' | 'analysis' | 'branch';
  type: string;
  priority: 'critical' | 'high' | 'medium' | 'low';
  estimate: number;
  assignee?: string;
  team?: string;
  /** Known dependencies (unknown ids dropped), in the order written. */
  dependencies: string[];
  /** Tasks that directly depend on this one. */
  dependants: string[];
  /** Dependency depth: 0 for tasks without dependencies; -1 when the graph has a cycle. */
  level: number;
  /** On the critical path. */
  critical: boolean;
  /** Earliest start and finish with unlimited workers, in estimate units; 0 when the graph has a cycle. */
  earliestStart: number;
  earliestFinish: number;
  /** How much the task may slip without delaying the sprint; 0 when the graph has a cycle. */
  slack: number;
  /** Where the task is written, 0-based as in LSP. */
  location: { uri: string; line: number; character: number };
}

/** A sprint's planned task graph: what the board draws and the extension shows. */
export interface SprintGraph {
  sprint: string;
  uri: string;
  tasks: SprintGraphTask[];
  /** The longest chain by estimate, first task first; [] when there is a cycle. */
  criticalPath: string[];
  /** Task ids by dependency level; [] when there is a cycle. */
  levels: string[][];
  /** Length of the critical path (makespan with unlimited workers). */
  length: number;
  /** Sum of all estimates. */
  totalWork: number;
  /** A dependency cycle (first id repeated at the end) when there is one. */
  cycle?: string[];
}

/** Client → server: the task graph of one sprint, or null when no such sprint is loaded. */
export namespace SprintGraphRequest {
  export const method = 'baton/sprintGraph';
  export const type = new RequestType<SprintGraphParams, SprintGraph | null, void>(method);
}
