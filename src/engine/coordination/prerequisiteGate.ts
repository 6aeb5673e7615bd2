import type { RunOutcome } from '../run/runCompletion';
import type { RunContext } from '../run/runContext';
import { checkPrerequisites, describeNoGo } from './prerequisites';

/**
 * Seed 002's GO/NO-GO gate, before any task of a new run starts: every prerequisite is checked
 * (all of them), the report journalled (`prerequisites:checked`), and a NO-GO stops the run
 * with every failing check in its reason. A resumed run that already passed is not checked
 * again: its tasks may have started. Returns the outcome when the run stopped.
 */
export async function prerequisiteGate(ctx: RunContext): Promise<RunOutcome | undefined> {
  const state = ctx.store.state;
  if (state.prerequisites || ctx.sprint.prerequisites.length === 0) return undefined;
  if ([...state.tasks.values()].some((t) => t.attempts > 0)) return undefined;
  const report = await checkPrerequisites(ctx.sprint.prerequisites, {
    root: ctx.workspace.root, env: ctx.host.env,
    // Safety: a prerequisite runs in the user's own tree: contained, it can read it but write nothing.
    contain: (argv, env, cwd) => ctx.sandbox.command(argv, env, { cwd, writable: [] }),
  });
  await ctx.store.commit([{ type: 'prerequisites:checked', go: report.go, checks: report.checks }]);
  if (report.go) return undefined;
  const reason = describeNoGo(report.checks);
  await ctx.store.commit([{ type: 'run:stopped', reason, failed: [], blocked: [] }]);
  return { status: 'stopped', reason, failed: [], blocked: [] };
}
