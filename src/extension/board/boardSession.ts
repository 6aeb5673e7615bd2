/**
 * The slice of `EngineSession` the board and review panels use, so their controllers are
 * tested against a fake in plain Node while the panels hand them the real session.
 */
import type { EngineSession } from '../../engine/session/engineSession';

export type BoardSession = Pick<EngineSession,
  | 'workspace' | 'run' | 'runId' | 'runningHere' | 'onEvent'
  | 'cancelTask' | 'retryTask' | 'approveTask' | 'requestChanges' | 'reassignTask' | 'skipTask' | 'acceptTask' | 'checkDecision'>;
