// The live elapsed time on running cards. Once a second, in an animation frame (so it shares the
// frame's one round of DOM writes, and stops while the webview is not visible), only the cards
// rendered are ticked: a running task scrolled out of view shows the right time when it
// returns, because binding a card writes its elapsed time.
import { tickCard } from './kanbanCard';
import type { CardPool } from './cardPool';
import type { TaskStore } from './taskStore';

export interface TickerHost {
  store: TaskStore;
  pool: CardPool;
  /** Whether the Kanban is on screen. */
  shown(): boolean;
}

/** Starts ticking; returns the function that stops it. */
export function startElapsedTicker(host: TickerHost): () => void {
  let frame = 0;
  const tick = () => {
    frame = 0;
    if (!host.shown()) return;
    const now = host.store.now();
    for (const [id, parts] of host.pool.bound()) {
      const task = host.store.tasks.get(id);
      if (task?.status === 'running') tickCard(parts, task, now);
    }
  };
  const timer = setInterval(() => (frame ||= requestAnimationFrame(tick)), 1000);
  return () => {
    clearInterval(timer);
    cancelAnimationFrame(frame);
  };
}
