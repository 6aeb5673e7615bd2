import * as vscode from 'vscode';
import { describeDrift } from '../../engine/run/frozenConfig';
import type { EngineSession, ResumeChoice } from '../../engine/session/engineSession';

/**
 * Before a run is carried on from this window (Resume Sprint, Retry Task, a retry on the board):
 * if the config files differ from the rules the run recorded when it started, the person
 * chooses — reload them (validated again) or keep the run's rules. Undefined: they dismissed it.
 * An agent's edits to its own agent file or the sprint are thereby never adopted unasked.
 */
export async function chooseRunRules(session: EngineSession, given?: ResumeChoice): Promise<ResumeChoice | undefined> {
  if (given?.reloadConfig !== undefined || session.runningHere) return given ?? {};
  const drift = await session.configDrift();
  if (!drift) return {};
  const reload = 'Reload Them';
  const keep = "Keep the Run's Rules";
  const choice = await vscode.window.showWarningMessage(
    `The files changed since the run started — reload them, or keep the run's rules?`,
    {
      modal: true,
      detail: `Changed since run ${session.runId} started: ${describeDrift(drift)}.\n\n`
        + `Reload them: the files on disk are validated and become the run's rules from now on.\n`
        + `Keep the run's rules: the run carries on exactly as it started; the files stay as they are for the next run.`,
    },
    reload,
    keep,
  );
  if (choice === reload) return { reloadConfig: true };
  if (choice === keep) return { reloadConfig: false };
  return undefined;
}
