/**
 * The unit of every estimate in a workspace, declared once in teams.yaml
 * (`settings.estimate_unit`), and how each front prints an estimate in it — the trees, the
 * board, `baton plan` and the plan preview all call {@link formatEstimate}, so "20" reads the
 * same everywhere.
 */
export const ESTIMATE_UNITS = ['points', 'hours', 'minutes', 'days'] as const;
export type EstimateUnit = (typeof ESTIMATE_UNITS)[number];

/** Used when teams.yaml declares no unit: estimates are story points. */
export const DEFAULT_ESTIMATE_UNIT: EstimateUnit = 'points';

const SHORT: Record<EstimateUnit, [string, string]> = { points: ['pt', 'pts'], hours: ['h', 'h'], minutes: ['min', 'min'], days: ['d', 'd'] };
const LONG: Record<EstimateUnit, [string, string]> = { points: ['point', 'points'], hours: ['hour', 'hours'], minutes: ['minute', 'minutes'], days: ['day', 'days'] };

/** `0.75`, `20`, `1.33`: at most two decimals, no trailing zeros. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, '');
}

/** `20 min`, `1.5 h`, `3 pts` — or, `long`, `20 minutes`, `1 point` (for screen readers and sentences). */
export function formatEstimate(value: number, unit: EstimateUnit, style: 'short' | 'long' = 'short'): string {
  const [one, many] = (style === 'long' ? LONG : SHORT)[unit];
  return `${formatNumber(value)} ${value === 1 ? one : many}`;
}

/** The unit's short name for table headers: `min`, `h`, `pts`, `d`. */
export function unitLabel(unit: EstimateUnit): string {
  return SHORT[unit][1];
}
