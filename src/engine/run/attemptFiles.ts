import * as path from 'node:path';
import { runDirOf } from '../state/runDirectory';

/** Files of one attempt, under the run's folder: what the agent was told, what it said, what it printed. */
export interface AttemptFiles {
  dir: string;
  promptFile: string;
  resultFile: string;
  logFile: string;
  /** The agent's pid, written right after spawn so a restarted engine can stop an orphan. */
  pidFile: string;
}

export function attemptFilesOf(stateDir: string, runId: string, taskId: string, attempt: number): AttemptFiles {
  const dir = path.join(runDirOf(stateDir, runId), 'tasks', taskId, `attempt-${attempt}`);
  return {
    dir,
    promptFile: path.join(dir, 'prompt.md'),
    resultFile: path.join(dir, 'result.json'),
    logFile: path.join(dir, 'agent.log'),
    pidFile: path.join(dir, 'pid'),
  };
}
