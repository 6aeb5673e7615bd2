import type { Disposable } from '../../shared/disposable';
import type { EngineEvent, EngineEventOf, EngineEventType } from './events';

/** Receives one event. */
export type EventListener<E extends EngineEvent = EngineEvent> = (event: E) => void;

/** Options of {@link EventBus}. */
export interface EventBusOptions {
  /** Where a throwing listener's error goes; the other listeners still get the event. */
  onListenerError: (error: unknown, event: EngineEvent) => void;
}

/**
 * The engine's typed event bus: subscribers name an event type and get that type's payload,
 * or take every event with {@link onAny}. Every subscription returns a {@link Disposable}.
 *
 * The store emits exactly the journalled events, in seq order, after they are durable, so what
 * a view hears is what the audit trail holds.
 */
export class EventBus {
  readonly #byType = new Map<EngineEventType, Set<EventListener>>();
  readonly #any = new Set<EventListener>();
  readonly #onListenerError: EventBusOptions['onListenerError'];

  constructor(options: EventBusOptions) {
    this.#onListenerError = options.onListenerError;
  }

  /** Calls `listener` with each event of type `type` until disposed. */
  on<T extends EngineEventType>(type: T, listener: EventListener<EngineEventOf<T>>): Disposable {
    let set = this.#byType.get(type);
    if (!set) {
      set = new Set();
      this.#byType.set(type, set);
    }
    // Wrapped so the same function can be subscribed twice and disposed once per subscription.
    const entry: EventListener = (e) => listener(e as EngineEventOf<T>);
    set.add(entry);
    return { dispose: () => void set.delete(entry) };
  }

  /** Calls `listener` with every event until disposed. */
  onAny(listener: EventListener): Disposable {
    const entry: EventListener = (e) => listener(e);
    this.#any.add(entry);
    return { dispose: () => void this.#any.delete(entry) };
  }

  /** Calls the type's listeners, then the catch-all ones, each in subscription order. */
  emit(event: EngineEvent): void {
    // Copies taken up front: a listener subscribed during this emit hears the next event, not
    // this one; one disposed during it hears nothing more, not even this event.
    const typedSet = this.#byType.get(event.type);
    const typed = typedSet !== undefined && typedSet.size > 0 ? [...typedSet] : undefined;
    const any = this.#any.size > 0 ? [...this.#any] : undefined;
    if (typed) this.#call(typedSet!, typed, event);
    if (any) this.#call(this.#any, any, event);
  }

  #call(live: ReadonlySet<EventListener>, listeners: readonly EventListener[], event: EngineEvent): void {
    for (const listener of listeners) {
      if (!live.has(listener)) continue;
      try {
        listener(event);
      } catch (error) {
        try {
          this.#onListenerError(error, event);
        } catch {
          // The reporter failed too; there is nobody left to tell, and emit must not throw.
        }
      }
    }
  }
}
