import { z } from 'zod';
import { agentRef, commandLine, identifier, positiveInt, priority } from './common';

/** One handoff checklist item; with `verify` it passes only when the command exits 0 in the worktree. */
export const checklistItem = z.union([
  z.string().min(1),
  z.strictObject({
    item: z.string().min(1).describe('What must hold.'),
    verify: commandLine.optional().describe('Command that proves it (exit 0). Without it the item is stated by the agent and shown as unverified.'),
    timeout: z.number().positive().optional().describe('Seconds before the verify command is stopped (default 600).'),
  }),
]);

/** A sprint prerequisite (seed 002's GO/NO-GO resource verifier). Each object names exactly one kind of check. */
export const prerequisite = z.union([
  z.string().min(1).describe('A stated prerequisite, shown but not checked.'),
  z.strictObject({
    name: z.string().optional().describe('Label shown in the GO/NO-GO report.'),
    command: commandLine.optional().describe('Passes when the command exits 0.'),
    env: z.string().optional().describe('Passes when this environment variable is set and non-empty.'),
    file: z.string().optional().describe('Passes when this path exists (relative to the workspace root).'),
    port: z.number().int().min(1).max(65535).optional().describe('Passes when a TCP connection to 127.0.0.1:port succeeds.'),
    npm: z.string().optional().describe('Passes when this npm package is installed in the workspace.'),
    timeout: z.number().positive().optional(),
  }),
]);

/** When a task runs only if an earlier task's result says so (seed 004 pattern 7). */
export const condition = z.union([
  z.string().min(1).describe('`<task-id>.<outcome>`: run when that task reported this outcome.'),
  z.strictObject({
    task: identifier.describe('The analyzer task whose result decides.'),
    equals: z.string().optional().describe('Run when the analyzer reported this outcome.'),
    in: z.array(z.string()).optional().describe('Run when the analyzer reported one of these outcomes.'),
  }),
]);

export const validation = z.strictObject({
  validator: agentRef.describe('Agent that validates this task before anything after it starts.'),
  checklist: z.array(checklistItem).optional(),
  description: z.string().optional(),
});

export const fanOut = z.strictObject({
  items: z.array(identifier).min(1).describe('One copy of this task per item; `{item}` in title and description is replaced.'),
  parallel: z.boolean().optional(),
});

export const task = z.strictObject({
  id: identifier.describe('Unique within the sprint; used in dependencies and branch names.'),
  title: z.string().optional(),
  description: z.string().optional(),
  type: z.string().optional().describe('feature, bug, api, ui_component, test, docs, … — matched against member specialties.'),
  priority: priority.optional(),
  estimate: z.number().min(0).optional().describe('Effort in points or hours (default 1); the critical path is measured in it.'),
  dependencies: z.array(identifier).optional().describe('Tasks that must all be done before this one starts.'),
  assignee: agentRef.optional().describe('The agent that runs this task.'),
  team: identifier.optional().describe('A team; Baton picks the best member when there is no assignee.'),
  acceptance_criteria: z.array(z.string()).optional(),
  handoff_artifacts: z.array(z.string()).optional().describe('Artifacts this task must hand to the next ones.'),
  checklist: z.array(checklistItem).optional().describe('Handoff checklist; items with `verify` are checked by running the command.'),
  review: z.boolean().optional().describe('Wait in `review` for a person before done.'),
  reviewers: z.array(agentRef).optional().describe('Reviewer agents run in parallel after this task and gate its dependants (seed 004 pattern 4).'),
  validation: validation.optional().describe('A validator that must pass before dependants start (seed 004 pattern 5).'),
  fan_out: fanOut.optional().describe('Expand this task once per item; dependants wait for all copies (seed 004 pattern 6).'),
  condition: condition.optional().describe('Run only when an analyzer task reported this outcome; otherwise skipped (seed 004 pattern 7).'),
  produces_changes: z.boolean().optional().describe('Set false for tasks that legitimately change no files (analysis, review).'),
  timeout: z.number().positive().optional().describe('Seconds before an attempt is stopped.'),
  max_retries: z.number().int().min(0).optional(),
  urgency: z.number().min(0).max(10).optional().describe('0–10, part of the contention score (seed 000).'),
  business_impact: z.number().min(0).max(10).optional().describe('0–10, part of the contention score (seed 000).'),
  labels: z.array(z.string()).optional(),
});

export const syncPoint = z.union([
  z.string().min(1),
  z.strictObject({
    id: identifier.optional(),
    name: z.string().min(1),
    after: z.array(identifier).optional().describe('Tasks that must be done before the sync point.'),
    before: z.array(identifier).optional().describe('Tasks that wait for the sync point.'),
    participants: z.array(z.string()).optional().describe('Teams taking part.'),
    timing: z.string().optional(),
    checks: z.array(commandLine).optional().describe('Commands comparing the branches; a failure is a conflict that blocks the dependants.'),
  }),
]);

export const phase = z.strictObject({
  name: identifier,
  agent: agentRef,
  validator: agentRef.optional(),
  description: z.string().optional(),
  estimate: z.number().min(0).optional(),
});

export const successCriterion = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), command: commandLine.optional() }),
]);

export const sprintBody = z.strictObject({
  id: identifier,
  name: z.string().optional(),
  description: z.string().optional(),
  epic: identifier.optional().describe('The epic this sprint belongs to.'),
  duration: z.number().positive().optional().describe('Length in days.'),
  start_date: z.string().optional(),
  end_date: z.string().optional(),
  status: z.enum(['planning', 'ready', 'active', 'review', 'complete']).optional(),
  base_branch: z.string().optional(),
  teams: z.array(identifier).optional(),
  goals: z.array(z.string()).optional(),
  prerequisites: z.array(prerequisite).optional().describe('All checked before anything starts; any NO-GO stops the sprint.'),
  tasks: z.array(task).optional(),
  sync_points: z.array(syncPoint).optional().describe('Barriers between groups of tasks (seed 004 pattern 3).'),
  success_criteria: z.array(successCriterion).optional(),
  quality_gates: z.array(successCriterion).optional(),
  // Seed 004's pattern configuration, accepted as written there.
  parallel_execution: z.boolean().optional().describe('false runs one task at a time.'),
  max_concurrent: positiveInt.optional().describe('Cap on tasks running at once in this sprint.'),
  handoff_artifacts: z.array(z.string()).optional(),
  primary_agent: agentRef.optional().describe('Default assignee for tasks without one (seed 004 pattern 4).'),
  reviewer_agents: z.array(agentRef).optional().describe("Reviewers of the primary agent's tasks (seed 004 pattern 4)."),
  phases: z.array(phase).optional().describe('Incremental phases, each validated before the next (seed 004 pattern 5).'),
  sequential: z.boolean().optional(),
  fan_out: z
    .strictObject({ agent: agentRef, tasks: z.array(identifier).min(1), parallel: z.boolean().optional(), description: z.string().optional() })
    .optional()
    .describe('Parallel work items (seed 004 pattern 6).'),
  fan_in: z.strictObject({ agent: agentRef, task: identifier, description: z.string().optional() }).optional(),
  conditional_logic: z
    .strictObject({
      analyzer: agentRef,
      task: identifier.optional().describe('Id of the analysis task (default `analysis`).'),
      branches: z.array(z.strictObject({ condition: identifier, agent: agentRef, description: z.string().optional() })).min(1),
    })
    .optional()
    .describe('An analyzer picks one branch; the others are skipped (seed 004 pattern 7).'),
});

/** `.claude/sprints/*.yaml` */
export const sprintFileSchema = z.strictObject({ sprint: sprintBody }).describe('Baton sprint file (.claude/sprints/*.yaml)');

export type SprintFile = z.infer<typeof sprintFileSchema>;
export type SprintBodyFile = z.infer<typeof sprintBody>;
export type TaskFile = z.infer<typeof task>;
export type ChecklistItemFile = z.infer<typeof checklistItem>;
export type PrerequisiteFile = z.infer<typeof prerequisite>;
export type SyncPointFile = z.infer<typeof syncPoint>;
