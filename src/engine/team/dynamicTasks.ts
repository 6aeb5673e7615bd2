import type { Sprint, Task } from '../model/workspace';
import type { ReadonlyRunState } from '../state/runState';
import type { CreatedTaskDefinition } from '../state/teamEvents';

/** A task added while the sprint runs, as the scheduler and the attempt runner see tasks. */
export function taskFromDefinition(id: string, def: CreatedTaskDefinition, sprint: Sprint, generatedFrom?: string): Task {
  const task: Task = {
    id, sprint: sprint.id, title: def.title, description: def.description, type: def.type, priority: def.priority,
    estimate: def.estimate, dependencies: [...def.dependencies], acceptanceCriteria: [...def.acceptanceCriteria],
    handoffArtifacts: [], checklist: def.checklist.map((c) => ({ ...c, ...(c.verify ? { verify: [...c.verify] } : {}) })),
    review: false, producesChanges: def.producesChanges, urgency: def.emergency ? 10 : 0, businessImpact: def.emergency ? 10 : 0,
    labels: def.emergency ? ['emergency'] : [], kind: 'task', location: sprint.location,
  };
  if (def.team !== undefined) task.team = def.team;
  if (def.assignee !== undefined) task.assignee = def.assignee;
  if (def.emergency !== undefined) task.emergency = def.emergency;
  if (generatedFrom !== undefined) task.generatedFrom = generatedFrom;
  return task;
}

/**
 * The live task set: the sprint's tasks with the dependencies added while it ran, then the
 * tasks the run created (by subscriptions or orchestrators), in journal order. Replaying the
 * journal and running live build the same set, so a resumed run schedules what the crashed one did.
 */
export function liveTasks(sprint: Sprint, state: ReadonlyRunState): Map<string, Task> {
  const out = new Map<string, Task>();
  for (const task of sprint.tasks) out.set(task.id, withAddedDependencies(task, state));
  for (const [id, t] of state.tasks) {
    if (!t.created || out.has(id)) continue;
    out.set(id, withAddedDependencies(taskFromDefinition(id, t.created.definition as CreatedTaskDefinition, sprint, t.created.by.event), state));
  }
  return out;
}

function withAddedDependencies(task: Task, state: ReadonlyRunState): Task {
  const added = state.tasks.get(task.id)?.addedDependencies;
  if (!added?.length) return task;
  return { ...task, dependencies: [...new Set([...task.dependencies, ...added])] };
}

/** Tasks the run added (not in the sprint file): the "sprint changed" check on resume leaves them out. */
export function isCreatedTask(state: ReadonlyRunState, id: string): boolean {
  return state.tasks.get(id)?.created !== undefined;
}
