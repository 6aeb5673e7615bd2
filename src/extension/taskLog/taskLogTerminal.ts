import * as vscode from 'vscode';
import { attemptFilesOf } from '../../engine/run/attemptFiles';
import { stateDirFor } from '../../engine/run/runInspection';
import type { BatonWorkspace } from '../batonWorkspace';
import { DisposableStore } from '../lifecycle';
import { LogTail } from './logTail';

const FINISHED = new Set(['done', 'failed', 'blocked', 'cancelled', 'skipped', 'review']);

/**
 * A terminal that streams a task's agent output: the log of its latest attempt, then everything
 * the agent prints while it runs, then each later attempt's log as it starts. A pseudoterminal
 * reading the engine's log file — no process is started, so it works in Restricted Mode and for
 * runs observed from another process alike.
 */
export function openTaskLogTerminal(ws: BatonWorkspace, taskId: string): vscode.Terminal | undefined {
  const session = ws.current;
  const runId = session?.runId;
  const task = session?.run.tasks.get(taskId);
  const configRoot = ws.configRoot;
  if (!session || !runId || !task || task.attempts === 0 || !ws.folder) return undefined;
  const stateDir = stateDirFor(ws.folder.uri.fsPath, configRoot);
  const store = new DisposableStore();
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<void>();
  store.add(write);
  store.add(close);
  let tail: LogTail | undefined;
  let attempt = 0;
  const follow = (n: number): void => {
    if (n === attempt) return;
    tail?.stop();
    attempt = n;
    const file = attemptFilesOf(stateDir, runId, taskId, n).logFile;
    write.fire(`\x1b[2m── ${taskId} · attempt ${n} · ${file}\x1b[0m\r\n`);
    // The log is redacted by the engine that wrote it; this window's secrets are redacted too.
    const redact = ws.redactor.stream();
    tail = new LogTail(file, (chunk) => write.fire(redact.push(chunk).replace(/\r?\n/g, '\r\n')));
  };
  store.add({ dispose: () => tail?.stop() });
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      follow(task.attempts);
      store.add(ws.onEvent((e) => {
        if (!('task' in e) || e.task !== taskId) return;
        if (e.type === 'task:started') follow(e.attempt);
        else if (FINISHED.has(ws.current?.run.tasks.get(taskId)?.status ?? '')) {
          void tail?.flush().then(() => write.fire(`\r\n\x1b[2m── ${taskId} is ${ws.current?.run.tasks.get(taskId)?.status}\x1b[0m\r\n`));
        }
      }));
    },
    close: () => store.dispose(),
    handleInput: () => undefined,
  };
  const terminal = vscode.window.createTerminal({ name: `Baton: ${taskId}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show(true);
  return terminal;
}
