/**
 * The cross-team event catalogue (seed 000 §1 and §Event Broadcasting). Team `subscriptions`
 * must name one of these; the engine's own lifecycle events are included so teams can react
 * to them too.
 */
export const EVENT_CATALOGUE = {
  engineering: ['sprint_initialized', 'feature_completed', 'engineering_blocked', 'critical_bug_discovered',
    'engineering_feature_completed', 'engineering_build_ready', 'bug_fix_completed'],
  qa: ['testing_phase_started', 'bug_discovered', 'quality_gate_failed', 'release_approved',
    'qa_testing_completed', 'qa_release_approved'],
  devops: ['deployment_completed', 'infrastructure_alert', 'rollback_initiated', 'performance_threshold_exceeded',
    'devops_deployment_ready', 'devops_environment_ready', 'infrastructure_threshold_exceeded'],
  product: ['requirements_ready', 'epic_approved', 'stakeholder_feedback', 'product_requirements_changed'],
  creative: ['design_system_updated', 'assets_ready', 'brand_guidelines_changed'],
  marketing: ['campaign_launched', 'content_requirements', 'market_insights'],
  baton: ['task_assigned', 'task_started', 'task_completed', 'task_failed', 'task_blocked', 'review_request',
    'review_complete', 'artifact_ready', 'cross_team_handoff', 'sync_point_reached', 'sprint_completed', 'blocker'],
} as const;

export type CatalogueEvent = (typeof EVENT_CATALOGUE)[keyof typeof EVENT_CATALOGUE][number];

export const ALL_EVENTS: readonly string[] = Object.values(EVENT_CATALOGUE).flat();

const eventSet = new Set<string>(ALL_EVENTS);

export function isCatalogueEvent(name: string): name is CatalogueEvent {
  return eventSet.has(name);
}
