/**
 * Picks the slot for a worktree's port: `preferred` (the slot it had before, so a resumed task
 * keeps its port) when no other live worktree holds it, otherwise the lowest free slot.
 */
export function pickSlot(used: ReadonlySet<number>, preferred?: number): number {
  if (preferred !== undefined && Number.isInteger(preferred) && preferred >= 0 && !used.has(preferred)) return preferred;
  let slot = 0;
  while (used.has(slot)) slot++;
  return slot;
}
