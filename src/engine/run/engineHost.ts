import type { Redactor } from '../secrets/redactor';
import { ENGINE_ACTOR, type Actor } from '../state/events';

/**
 * What a front (CLI, extension) injects into a run: the engine reads no globals of its own
 * (STYLE.md §2–3), so the same code serves a terminal and an editor.
 */
export interface EngineHost {
  /** The parent environment; agents get an allow-listed subset of it. */
  env: Readonly<Record<string, string | undefined>>;
  /** Notes for people: a retry scheduled, an interrupted task recovered, a worktree pruned. */
  log?: (message: string) => void;
  /** Live agent output, per task. */
  onAgentOutput?: (taskId: string, chunk: string) => void;
  /** Milliseconds since the epoch (tests inject a fake). */
  now?: () => number;
  /**
   * The person this front acts for (`personActor`): journalled as the `actor` of every event
   * their action causes — a run started, resumed, paused or cancelled, a task retried or
   * cancelled, a review decision. Without it those events name no person.
   */
  actor?: Actor;
  /**
   * The host's secrets (`Redactor.fromEnv(env)`), replaced by `[redacted:NAME]` in agent logs,
   * the journal (and so snapshots and handoffs), prompt and result files and every message.
   */
  redactor?: Redactor;
}

/** Who a person's request is journalled as: the front's person, else the engine. */
export function personOf(host: EngineHost): Actor {
  return host.actor ?? ENGINE_ACTOR;
}

/**
 * The host as the engine uses it: every note it logs and every chunk of agent output it
 * forwards passes the redactor first.
 *
 * Safety: the one place notes leave the engine for a front, so no message built from an agent's
 * output or a failed command can carry a secret to a terminal or the Output panel.
 */
export function redactingHost(host: EngineHost): EngineHost {
  const redactor = host.redactor;
  if (!redactor?.active || (host as { redacting?: true }).redacting) return host;
  const { log, onAgentOutput } = host;
  return Object.assign({}, host, {
    redacting: true as const,
    ...(log ? { log: (message: string) => log(redactor.redact(message)) } : {}),
    ...(onAgentOutput ? { onAgentOutput } : {}), // agent output is redacted at its source, per stream
  });
}
