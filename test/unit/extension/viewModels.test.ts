import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import type { Workspace } from '../../../src/engine/model/workspace';
import { applyEvent, emptyRunState } from '../../../src/engine/state/projection';
import type { EngineEvent, NewEvent } from '../../../src/engine/state/events';
import type { RunState } from '../../../src/engine/state/runState';
import { planMarkdown } from '../../../src/extension/plan/planMarkdown';
import { statusView } from '../../../src/extension/statusText';
import { attentionText, inboxItems } from '../../../src/extension/views/inbox/inboxItems';
import { groupTasks, progressText, sprintContextValue, taskContextValue, waitingForPerson, type SprintsModel } from '../../../src/extension/views/sprints/sprintsModel';
import { formatDuration, shortReason, taskDescription, taskTooltip } from '../../../src/extension/views/sprints/taskPresentation';
import { memberDescription, teamDescription } from '../../../src/extension/views/teams/teamLoad';
import { worktreeStanding } from '../../../src/extension/views/worktrees/worktreeStanding';
import type { WorktreeInfo } from '../../../src/engine/worktrees/worktreeTypes';

const T0 = Date.parse('2025-01-01T10:00:00Z');

/** A run state built the way the engine builds it: events through the projection. */
function runOf(events: NewEvent[]): RunState {
  const state = emptyRunState();
  events.forEach((e, i) => applyEvent(state, { ...e, seq: i + 1, at: new Date(T0 + i * 1000).toISOString(), runId: 'auth-feature-1' } as EngineEvent));
  return state;
}

const started = (task: string, agent: string, attempt = 1): NewEvent => ({
  type: 'task:started', task, agent, attempt, worktree: `/wt/${task}`, branch: `baton/auth-feature/${task}`, checkpoint: 'abc1234', resultFile: '/r', logFile: '/l',
});

describe('extension view models (plain data behind the trees and the status bar)', () => {
  let workspace: Workspace;
  before(async () => {
    workspace = (await loadWorkspace(path.resolve(__dirname, '../../../examples/auth'))).workspace;
  });
  const sprint = () => workspace.sprints.get('auth-feature')!;
  const ids = () => sprint().tasks.map((t) => t.id);
  const model = (run: RunState, extra: Partial<SprintsModel> = {}): SprintsModel => ({ workspace, run, runningHere: false, runningElsewhere: false, now: T0 + 60_000, ...extra });

  it('groups a sprint that never ran as planned, and offers start while nothing is unfinished', () => {
    const m = model(emptyRunState());
    assert.deepEqual(groupTasks(m, sprint()).map((g) => [g.status, g.tasks.length]), [['planning', 10]]);
    assert.equal(sprintContextValue(m, sprint()), 'baton:sprint+idle');
    assert.equal(taskContextValue(m, 'auth-feature', 'verify-resources', () => true), 'baton:task+planning+reassign+edit+skip');
  });

  it('groups by status in attention order and flags who runs the sprint', () => {
    const run = runOf([
      { type: 'run:started', sprint: 'auth-feature', baseBranch: 'main', baseCommit: 'abc1234', maxParallel: 3, taskIds: ids(), workspaceRoot: '/ws' },
      { type: 'task:ready', task: 'verify-resources' },
      { type: 'task:assigned', task: 'verify-resources', agent: 'resource-verifier-reese', team: 'qa' },
      started('verify-resources', 'resource-verifier-reese'),
      { type: 'task:succeeded', task: 'verify-resources', attempt: 1 },
      { type: 'task:ready', task: 'design-auth-strategy' },
      started('design-auth-strategy', 'security-riley'),
      { type: 'task:ready', task: 'design-login-ui' },
      started('design-login-ui', 'designer-drew'),
      { type: 'task:failed', task: 'design-login-ui', attempt: 1, reason: 'exit 1', willRetry: false },
    ]);
    const m = model(run, { runningHere: true });
    assert.deepEqual(groupTasks(m, sprint()).map((g) => [g.status, g.tasks.length]), [['running', 1], ['failed', 1], ['planning', 7], ['done', 1]]);
    assert.equal(sprintContextValue(m, sprint()), 'baton:sprint+current+active+here');
    assert.equal(sprintContextValue(model(run, { runningElsewhere: true }), sprint()), 'baton:sprint+current+active+elsewhere');
    assert.equal(sprintContextValue(model(run), sprint()), 'baton:sprint+current+active+resumable');
    // The task actions that apply (src/shared/taskActions.ts), then `worktree` and `here`.
    assert.equal(taskContextValue(m, 'auth-feature', 'design-auth-strategy', () => true), 'baton:task+running+openDiff+openLog+edit+worktree+here');
    assert.equal(taskContextValue(m, 'auth-feature', 'design-login-ui', () => false), 'baton:task+failed+openLog+reassign+edit+retry+skip+here');
    assert.equal(progressText(m, sprint()), '1/10 done · 1 running · 1 failed');
  });

  it('describes a task by agent and elapsed time, time taken, reason or estimate', () => {
    const run = runOf([
      { type: 'run:started', sprint: 'auth-feature', baseBranch: 'main', baseCommit: 'abc1234', maxParallel: 3, taskIds: ids(), workspaceRoot: '/ws' },
      started('verify-resources', 'reese'),
      started('design-login-ui', 'drew'),
      { type: 'task:succeeded', task: 'verify-resources', attempt: 1 },
    ]);
    const task = (id: string) => sprint().tasks.find((t) => t.id === id)!;
    assert.equal(taskDescription(task('design-login-ui'), run.tasks.get('design-login-ui'), T0 + 62_000, 'hours'), 'drew · 1m 00s');
    assert.equal(taskDescription(task('verify-resources'), run.tasks.get('verify-resources'), T0, 'hours'), 'reese · took 2s');
    // The workspace's one estimate unit (settings.estimate_unit: hours in examples/auth).
    assert.equal(workspace.settings.estimateUnit, 'hours');
    assert.equal(taskDescription(task('deploy-auth'), undefined, T0, workspace.settings.estimateUnit), 'devops-casey · est 0.75 h');
    assert.equal(taskDescription(task('deploy-auth'), undefined, T0, 'points'), 'devops-casey · est 0.75 pts');
    assert.equal(formatDuration(3_725_000), '1h 02m');
    // A stuck task shows the first clause of why, cut at a word, never mid-word.
    assert.equal(shortReason('role boundaries: frontend-sam changed app/actions/auth.md (forbidden by `app/actions/**`); rolled back'), 'role boundaries');
    assert.equal(shortReason('the agent reported success but changed no files at all in the worktree it was given'), 'the agent reported success but changed no…');
    const tooltip = taskTooltip(task('deploy-auth'), undefined, 'hours');
    assert.match(tooltip, /\*\*Acceptance criteria\*\*\n\n- Sign-in error rate is on a dashboard with an alert/);
  });

  it('shows the active sprint in the status bar with done / total and running count', () => {
    assert.equal(statusView(emptyRunState(), undefined), undefined);
    const run = runOf([
      { type: 'run:started', sprint: 'auth-feature', baseBranch: 'main', baseCommit: 'abc1234', maxParallel: 3, taskIds: ids(), workspaceRoot: '/ws' },
      started('verify-resources', 'reese'),
      { type: 'task:succeeded', task: 'verify-resources', attempt: 1 },
      started('design-login-ui', 'drew'),
      started('design-auth-strategy', 'riley'),
    ]);
    assert.equal(statusView(run, undefined)?.text, '$(sync~spin) auth-feature 1/10 · 2 running');
    assert.equal(statusView(run, 'Running in baton run (pid 7) — observing')?.text, '$(sync~spin) auth-feature 1/10 · 2 running $(eye)');
    applyEvent(run, { type: 'run:paused', seq: 99, at: new Date(T0).toISOString(), runId: 'x' });
    assert.equal(statusView(run, undefined)?.text, '$(debug-pause) auth-feature 1/10 · 2 running · paused');
  });

  it('says when the run waits for a person: nothing runs, handoffs wait for review — no spinner', () => {
    const run = runOf([
      { type: 'run:started', sprint: 'auth-feature', baseBranch: 'main', baseCommit: 'abc1234', maxParallel: 3, taskIds: ids(), workspaceRoot: '/ws' },
      started('verify-resources', 'reese'),
      { type: 'task:succeeded', task: 'verify-resources', attempt: 1 },
      ...['design-login-ui', 'design-auth-strategy', 'design-user-schema'].flatMap((id): NewEvent[] => [started(id, 'x'), { type: 'task:review-requested', task: id }]),
    ]);
    assert.deepEqual(waitingForPerson(run), { review: 3, questions: 0 });
    const view = statusView(run, undefined)!;
    assert.equal(view.text, '$(bell-dot) auth-feature 1/10 · 3 to review');
    assert.equal(view.waitsFor, 'review');
    assert.match(view.tooltip, /^Sprint auth-feature waits for you: 3 handoffs to review/);
    assert.equal(progressText(model(run), sprint()), '3 to review · 1/10 done');
    applyEvent(run, { ...started('create-migrations', 'taylor'), seq: 50, at: new Date(T0 + 60_000).toISOString(), runId: 'x' } as EngineEvent);
    assert.equal(waitingForPerson(run), undefined, 'an agent at work: the run is not waiting');
    assert.equal(statusView(run, undefined)!.text, '$(sync~spin) auth-feature 1/10 · 3 to review · 1 running');
  });

  it('calls a finished task\'s worktree "finished" while its sprint runs, and "orphan" only once no run will remove it', () => {
    const wt = (task: string, sprintId = 'auth-feature'): WorktreeInfo => ({ path: `/wt/${task}`, branch: `baton/${sprintId}/${task}`, head: 'abc', sprint: sprintId, task, exists: true, locked: false, prunable: false });
    const events: NewEvent[] = [
      { type: 'run:started', sprint: 'auth-feature', baseBranch: 'main', baseCommit: 'abc1234', maxParallel: 3, taskIds: ids(), workspaceRoot: '/ws' },
      started('verify-resources', 'reese'),
      { type: 'task:succeeded', task: 'verify-resources', attempt: 1 },
      started('design-login-ui', 'drew'),
    ];
    const run = runOf(events);
    assert.equal(worktreeStanding(run, wt('design-login-ui')), 'owned');
    assert.equal(worktreeStanding(run, wt('verify-resources')), 'finished', 'done mid-run: the run removes it at its end');
    assert.equal(worktreeStanding(run, wt('_integration')), 'finished');
    assert.equal(worktreeStanding(run, wt('no-such-task')), 'orphan');
    assert.equal(worktreeStanding(run, wt('verify-resources', 'other-sprint')), 'orphan', 'another sprint\'s worktree');
    const stopped = runOf([...events, { type: 'run:stopped', reason: 'a task failed', failed: ['design-login-ui'], blocked: [] }]);
    assert.equal(worktreeStanding(stopped, wt('verify-resources')), 'orphan', 'no run going: nothing will remove it');
  });

  it('puts reviews, blocked and failed tasks in the inbox, and a new failure of the same task is new', () => {
    const events: NewEvent[] = [
      { type: 'run:started', sprint: 'auth-feature', baseBranch: 'main', baseCommit: 'abc1234', maxParallel: 3, taskIds: ids(), workspaceRoot: '/ws' },
      started('design-login-ui', 'drew'),
      { type: 'task:failed', task: 'design-login-ui', attempt: 1, reason: 'exit 1', willRetry: false },
      { type: 'task:blocked', task: 'build-login-components', reason: 'design-login-ui failed' },
      started('design-user-schema', 'taylor'),
      { type: 'task:review-requested', task: 'design-user-schema' },
      started('design-auth-strategy', 'riley'),
      { type: 'task:failed', task: 'design-auth-strategy', attempt: 1, reason: 'flaky', willRetry: true, retryAt: new Date(T0 + 9000).toISOString() },
    ];
    const items = inboxItems(runOf(events));
    assert.deepEqual(items.map((i) => [i.kind, i.task]), [['review', 'design-user-schema'], ['blocked', 'build-login-components'], ['failed', 'design-login-ui']]);
    assert.equal(attentionText(items), 'design-user-schema waits for your review · build-login-components is blocked · design-login-ui failed');
    assert.equal(attentionText([...items, { ...items[0]!, task: 'x' }, { ...items[0]!, task: 'y' }]), '3 handoffs wait for your review · build-login-components is blocked · design-login-ui failed');
    const again = inboxItems(runOf([...events, { type: 'task:ready', task: 'design-login-ui' }, started('design-login-ui', 'drew', 2), { type: 'task:failed', task: 'design-login-ui', attempt: 2, reason: 'exit 1', willRetry: false }]));
    assert.notEqual(again.find((i) => i.task === 'design-login-ui')!.key, items.find((i) => i.task === 'design-login-ui')!.key);
  });

  it('shows team load as running / capacity with the current task and specialties', () => {
    const run = runOf([
      { type: 'run:started', sprint: 'auth-feature', baseBranch: 'main', baseCommit: 'abc1234', maxParallel: 3, taskIds: ids(), workspaceRoot: '/ws' },
      started('implement-auth-actions', 'backend-morgan'),
    ]);
    const engineering = workspace.teams.get('engineering')!;
    const morgan = engineering.members.find((m) => m.agent === 'backend-morgan')!;
    assert.equal(memberDescription(run, morgan), '1/2 running · implement-auth-actions · backend, server_actions, queries');
    assert.equal(teamDescription(run, engineering), '1/4 running · 5 members');
  });

  it('renders the plan as Markdown with the critical path in bold', () => {
    const md = planMarkdown(sprint(), 3, workspace.settings.estimateUnit);
    assert.match(md, /^# Plan: Authentication feature \(`auth-feature`\)/);
    assert.match(md, /\*\*Critical path\*\* \(length [\d.]+ h\): `verify-resources` → /);
    assert.match(md, /\| task \| level \| estimate \(h\) \|/);
    assert.match(md, /\| \*\*deploy-auth\*\* \|/);
  });
});
