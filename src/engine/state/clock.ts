/**
 * Where the state layer gets the time. Injected so tests can move time (lease staleness,
 * event timestamps) without sleeping, and so every front stamps events the same way.
 */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
