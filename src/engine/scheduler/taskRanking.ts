import type { Priority } from '../model/common';
import type { Task } from '../model/workspace';

/** Seed 000's `resource_priorities`: how much a kind of work may claim a contended agent. */
export const RESOURCE_PRIORITIES: Readonly<Record<string, number>> = Object.freeze({
  critical_production_issue: 10,
  security_vulnerability: 9,
  customer_escalation: 8,
  sprint_delivery: 7,
  feature_development: 6,
  technical_debt: 5,
  process_improvement: 4,
});

/** Seed 000's fallback (`.get(task_type, 5)`) for types that map to no category. */
const DEFAULT_RESOURCE_PRIORITY = 5;

// Sprint files write everyday task types; the seed ranks categories. Each type maps to the
// category a team lead would file it under. The seed's own category names map to themselves.
const TYPE_CATEGORY: ReadonlyMap<string, string> = new Map([
  ...['hotfix', 'incident', 'outage', 'production_issue', 'critical_bug'].map((t) => [t, 'critical_production_issue'] as const),
  ...['security', 'vulnerability', 'security_fix', 'cve'].map((t) => [t, 'security_vulnerability'] as const),
  ...['escalation', 'customer', 'customer_issue', 'support'].map((t) => [t, 'customer_escalation'] as const),
  ...['bug', 'bugfix', 'fix', 'defect', 'regression', 'test', 'testing', 'qa'].map((t) => [t, 'sprint_delivery'] as const),
  ...['feature', 'feat', 'enhancement', 'story', 'api', 'ui', 'ui_component', 'frontend', 'backend', 'implementation'].map((t) => [t, 'feature_development'] as const),
  ...['tech_debt', 'technical_debt', 'refactor', 'refactoring', 'chore', 'cleanup', 'migration', 'performance'].map((t) => [t, 'technical_debt'] as const),
  ...['docs', 'documentation', 'doc', 'process', 'ci', 'tooling', 'infra', 'devops'].map((t) => [t, 'process_improvement'] as const),
  ...Object.keys(RESOURCE_PRIORITIES).map((c) => [c, c] as const),
]);

const PRIORITY_RANK: Readonly<Record<Priority, number>> = { critical: 3, high: 2, medium: 1, low: 0 };

/** Seed 000's resource priority for a task type (case and `-`/space insensitive); 5 when unmapped. */
export function resourcePriority(type: string): number {
  const key = type.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const category = TYPE_CATEGORY.get(key);
  return category === undefined ? DEFAULT_RESOURCE_PRIORITY : RESOURCE_PRIORITIES[category]!;
}

/** Seed 000's contention score: `resource priority * 0.4 + urgency * 0.3 + business impact * 0.3`. */
export function contentionScore(task: Pick<Task, 'type' | 'urgency' | 'businessImpact'>): number {
  return resourcePriority(task.type) * 0.4 + task.urgency * 0.3 + task.businessImpact * 0.3;
}

/** Priority class as a number, larger first: critical 3 … low 0. */
export function priorityRank(priority: Priority): number {
  return PRIORITY_RANK[priority] ?? PRIORITY_RANK.medium;
}

/**
 * Orders ready tasks by input index: an emergency's response tasks first, then the longest remaining critical path (bottom level),
 * then priority class, then contention score, then input order. Negative when `a` goes first.
 * Everything is precomputed into typed arrays because the comparator runs inside the ready
 * heap on every dispatch.
 */
export function readyComparator(tasks: readonly Task[], remaining: Float64Array): (a: number, b: number) => number {
  const rank = Int8Array.from(tasks, (t) => priorityRank(t.priority));
  const contention = Float64Array.from(tasks, (t) => contentionScore(t));
  const emergency = Int8Array.from(tasks, (t) => (t.emergency !== undefined ? 1 : 0));
  return (a, b) => emergency[b]! - emergency[a]! || remaining[b]! - remaining[a]! || rank[b]! - rank[a]! || contention[b]! - contention[a]! || a - b;
}
