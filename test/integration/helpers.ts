import * as vscode from 'vscode';
import type { BatonApi, TreeSnapshotNode } from '../../src/extension/testApi';

export const EXTENSION_ID = 'baton-dev.baton';

export async function batonApi(): Promise<BatonApi> {
  const ext = vscode.extensions.getExtension<BatonApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  await api.ready();
  return api;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The in-host suite needs a workspace folder (a git copy of examples/auth)');
  return folder.uri.fsPath;
}

/**
 * Resolves with the first value `probe` returns that is not undefined, probing at once and
 * after every change the extension announces — never on a timer. Rejects after `ms` with the
 * last thing seen, so a failure says where it stood.
 */
export function waitFor<T>(api: BatonApi, what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000, also?: vscode.Event<unknown>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let last: unknown = '(nothing yet)';
    let busy = false;
    let again = false;
    let done = false;
    const subs: vscode.Disposable[] = [];
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      fn();
    };
    const check = async (): Promise<void> => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        do {
          again = false;
          const value = await probe();
          if (value !== undefined) return finish(() => resolve(value));
        } while (again && !done);
      } catch (error) {
        last = error;
      } finally {
        busy = false;
      }
    };
    const timer = setTimeout(async () => {
      last = await Promise.resolve(probeState(api)).catch((e) => e);
      finish(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}; last seen: ${typeof last === 'string' ? last : JSON.stringify(last, null, 1)}`)));
    }, ms);
    subs.push(api.onDidChange(() => void check()));
    if (also) subs.push(also(() => void check()));
    void check();
  });
}

async function probeState(api: BatonApi): Promise<unknown> {
  return { statusBar: api.statusBarText(), observing: api.observing(), runningHere: api.runningHere(), log: api.log().slice(-25), sprints: (await api.trees()).sprints.map((s) => ({ label: s.label, description: s.description, contextValue: s.contextValue, groups: s.children?.map((g) => g.label) })) };
}

/** Depth-first search of a tree snapshot. */
export function findNode(nodes: readonly TreeSnapshotNode[], pred: (n: TreeSnapshotNode) => boolean): TreeSnapshotNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const hit = n.children && findNode(n.children, pred);
    if (hit) return hit;
  }
  return undefined;
}

/** The status groups of a sprint, as `Done (10)` labels. */
export function groupLabels(sprints: readonly TreeSnapshotNode[], sprintLabel: string): string[] {
  return (sprints.find((s) => s.label === sprintLabel)?.children ?? []).filter((g) => g.contextValue?.startsWith('baton:group')).map((g) => g.label);
}
