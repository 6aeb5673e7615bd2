import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOST_TOOLS, hostToolJsonSchema } from '../../../src/engine/mcp/hostTools';
import type { EngineEvent, NewEvent } from '../../../src/engine/state/events';
import { applyEvent, emptyRunState } from '../../../src/engine/state/projection';
import type { RunState } from '../../../src/engine/state/runState';
import { boardRun, boardStatusOf, boardTask, graphFacts } from '../../../src/extension/board/boardModel';
import { statusView } from '../../../src/extension/statusText';
import { attentionText, deniedNotice, inboxItems } from '../../../src/extension/views/inbox/inboxItems';
import { waitingForPerson } from '../../../src/extension/views/sprints/sprintsModel';
import { taskDescription, taskTooltip } from '../../../src/extension/views/sprints/taskPresentation';
import { taskActions } from '../../../src/shared/taskActions';
import { task } from '../coordination/fixtures';
import { runStarted, taskStarted } from '../state/helpers';

const ROOT = path.resolve(__dirname, '../../..');

function runOf(events: NewEvent[]): RunState {
  const state = emptyRunState();
  events.forEach((e, i) => applyEvent(state, { ...e, seq: i + 1, at: new Date(Date.UTC(2025, 0, 1, 10, 0, i)).toISOString(), runId: 'r1' } as EngineEvent));
  return state;
}

describe('teams that talk in the editor: inbox, status bar, board cards, Copilot tools', () => {
  const run = runOf([
    runStarted(['ui', 'api']), taskStarted('ui', 1, 'fe'), taskStarted('api', 1, 'be'),
    { type: 'task:status-reported', task: 'api', agent: 'be', attempt: 1, status: 'building', progress: 60, completedWork: [], remainingWork: ['tests'], blockers: [] },
    { type: 'question:asked', question: 'q-1', task: 'ui', attempt: 1, from: 'fe', to: { kind: 'person' }, text: 'Dark mode by default?', blocking: true },
    { type: 'task:waiting', task: 'ui', attempt: 1, checkpoint: 'c', reason: 'waits for the answer to q-1', questions: ['q-1'] },
    { type: 'event:raised', event: 'ev-1', name: 'critical_bug_discovered', data: {}, source: { task: 'api', agent: 'be' }, critical: true, deliveries: [] },
    { type: 'emergency:started', emergency: 'ev-1', name: 'critical_bug_discovered', tasks: ['eng-fix-1'], pause: false },
    { type: 'access:denied', tool: 'create_task', reason: 'only an orchestrator may create tasks', caller: { agent: 'be', role: 'team_member', task: 'api', attempt: 1 } },
  ]);

  it('puts the emergency and the question first in the Inbox, with an answerable question and a notice that asks', () => {
    const items = inboxItems(run);
    assert.deepEqual(items.map((i) => i.kind), ['emergency', 'question', 'denied']);
    const q = items[1]!;
    assert.deepEqual(q.question, { id: 'q-1', text: 'Dark mode by default?', asker: 'fe' });
    assert.equal(attentionText([q]), 'fe (ui) asks you: Dark mode by default?');
    // The one attention notification: the emergency and the question; the denial is a warning of its own.
    assert.equal(attentionText(items.filter((i) => i.kind !== 'denied')), 'emergency — critical_bug_discovered: eng-fix-1 go first · fe (ui) asks you: Dark mode by default?');
    assert.equal(deniedNotice(items[2]!), 'Baton: be was denied: create_task denied: only an orchestrator may create tasks');
  });

  it('shows the emergency, the waiting task and the open question in the status bar', () => {
    const view = statusView(run, undefined)!;
    assert.match(view.text, /^\$\(flame\) emergency: critical_bug_discovered · .* 0\/2 · 1 running · 1 waiting · \$\(comment-discussion\) 1$/);
    assert.match(view.tooltip, /Emergency ev-1 \(critical_bug_discovered\): eng-fix-1 go first/);
  });

  it('says the run waits for you when nothing runs and an agent waits for your answer: no spinner, a click answers', () => {
    const quiet = runOf([
      runStarted(['ui', 'api']), taskStarted('ui', 1, 'fe'), taskStarted('api', 1, 'be'),
      { type: 'task:succeeded', task: 'api', attempt: 1 },
      { type: 'question:asked', question: 'q-1', task: 'ui', attempt: 1, from: 'fe', to: { kind: 'person' }, text: 'Dark mode by default?', blocking: true },
      { type: 'task:waiting', task: 'ui', attempt: 1, checkpoint: 'c', reason: 'waits for the answer to q-1', questions: ['q-1'] },
    ]);
    const view = statusView(quiet, undefined)!;
    assert.equal(view.text, '$(bell-dot) sprint-3 1/2 · 1 waiting · $(comment-discussion) 1');
    assert.equal(view.waitsFor, 'answer');
    assert.match(view.tooltip, /^Sprint sprint-3 waits for you: 1 question to answer\n/);
    assert.match(view.tooltip, /Click to answer the question$/);
    assert.deepEqual(waitingForPerson(quiet), { review: 0, questions: 1 });
  });

  it('puts live progress and the question on the board cards, and the emergency in its header', () => {
    const tasks = [task('ui', 1), task('api', 1)];
    const facts = graphFacts(tasks);
    const ui = boardTask(tasks[0]!, run.tasks.get('ui'), facts, run);
    assert.equal(ui.status, 'running');
    assert.equal(boardStatusOf('waiting'), 'running');
    assert.deepEqual(ui.question, { id: 'q-1', text: 'Dark mode by default?', to: 'person', waiting: true });
    // Answer is one of its task actions, first, as on every surface that shows the task.
    assert.equal(ui.answerable, true);
    assert.equal(taskActions(ui)[0], 'answer');
    const api = boardTask(tasks[1]!, run.tasks.get('api'), facts, run);
    assert.deepEqual([api.progress?.percent, api.progress?.status, api.progress?.remaining], [60, 'building', ['tests']]);
    assert.deepEqual(boardRun(run, true).emergency, { id: 'ev-1', event: 'critical_bug_discovered', tasks: ['eng-fix-1'] });
  });

  it('declares exactly the host tools as language model tools, with their schemas', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { languageModelTools: { name: string; modelDescription: string; inputSchema: unknown }[] } };
    const declared = pkg.contributes.languageModelTools;
    assert.deepEqual(declared.map((t) => t.name), HOST_TOOLS.map((t) => t.name));
    for (const tool of HOST_TOOLS) {
      const d = declared.find((x) => x.name === tool.name)!;
      assert.equal(d.modelDescription, tool.description, tool.name);
      assert.deepEqual(d.inputSchema, hostToolJsonSchema(tool), tool.name);
    }
  });
});

describe('teams that talk in the Sprints tree', () => {
  it("shows a running task's reported progress and a waiting task's reason", () => {
    const run = runOf([
      runStarted(['api', 'ui']), taskStarted('api', 1, 'be'), taskStarted('ui', 1, 'fe'),
      { type: 'task:status-reported', task: 'api', agent: 'be', attempt: 1, status: 'building', progress: 60, completedWork: [], remainingWork: ['tests'], blockers: ['schema'] },
      { type: 'task:waiting', task: 'ui', attempt: 1, checkpoint: 'c', reason: 'waits for the answer to q-1', questions: ['q-1'] },
    ]);
    const now = Date.UTC(2025, 0, 1, 10, 1, 0);
    assert.match(taskDescription(task('api', 1), run.tasks.get('api'), now, 'points'), /^be · \d+s · 60% building$/);
    assert.equal(taskDescription(task('ui', 1), run.tasks.get('ui'), now, 'points'), 'fe · waits for the answer to q-1');
    assert.match(taskTooltip(task('api', 1), run.tasks.get('api'), 'points'), /Progress: 60% · building\nRemaining: tests\nBlockers: schema/);
  });
});
