import assert from 'node:assert/strict';
import type { EngineEvent, NewEvent } from '../../../src/engine/state/events';
import { applyEvent, emptyRunState } from '../../../src/engine/state/projection';
import type { Subscription, Team } from '../../../src/engine/model/workspace';
import { claudeAttachment, codexAttachment, geminiAttachment, mcpEnvironment } from '../../../src/engine/runners/mcpAttachment';
import { checkPermission, type Caller } from '../../../src/engine/team/permissions';
import { resolveAddressee } from '../../../src/engine/team/questions';
import { fill, planRaise } from '../../../src/engine/team/raisedEvents';
import { roleOf } from '../../../src/engine/team/roles';
import { agent, task, team, workspaceWith } from '../coordination/fixtures';
import { runStarted, taskStarted } from '../state/helpers';

const LOC = { file: 'teams.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } };

function ws() {
  const eng = team('eng', [['dev', 1, 'backend'], 'fe'], { orchestrator: { agent: 'lead', location: LOC } });
  const qa = team('qa', ['tester']);
  return workspaceWith([eng, qa], ['dev', 'fe', 'lead', 'tester', 'rev'].map((n) => agent(n, n === 'rev' ? { role: 'reviewer' } : {})));
}

const caller = (agentName: string, role: Caller['role'], taskId: string, teams: string[], kind: Caller['kind'] = 'attempt'): Caller => ({ agent: agentName, role, task: taskId, attempt: 1, kind, teams });

describe('team rules: roles, permissions, addressees, raised events, MCP attachments', () => {
  const w = ws();
  const tasks = new Map([task('api', 1, [], { team: 'eng' }), task('ui', 1, [], { assignee: 'fe' }), task('qa-run', 1, [], { team: 'qa' }), task('api--review-rev', 1, ['api'], { kind: 'review', generatedFrom: 'api', assignee: 'rev' })].map((t) => [t.id, t]));

  it('derives roles from `role:` or the place in the team', () => {
    assert.equal(roleOf(w, 'lead', tasks.get('api')), 'orchestrator');
    assert.equal(roleOf(w, 'dev', tasks.get('api')), 'team_member');
    assert.equal(roleOf(w, 'rev', tasks.get('api--review-rev')), 'reviewer');
    assert.equal(roleOf(w, 'dev', tasks.get('api--review-rev')), 'reviewer');
  });

  it('lets a team member update only its own task, only an orchestrator create and reassign, a reviewer read only what it reviews', () => {
    const dev = caller('dev', 'team_member', 'api', ['eng']);
    assert.deepEqual(checkPermission(w, tasks, dev, 'report_status', 'api'), { allowed: true });
    assert.match((checkPermission(w, tasks, dev, 'report_status', 'ui') as { reason: string }).reason, /may update only its own task \(api\), not ui/);
    assert.match((checkPermission(w, tasks, dev, 'create_task') as { reason: string }).reason, /only an orchestrator may create tasks/);
    assert.match((checkPermission(w, tasks, dev, 'reassign_task', 'ui') as { reason: string }).reason, /only an orchestrator may reassign/);
    assert.deepEqual(checkPermission(w, tasks, dev, 'get_task', 'ui'), { allowed: true }, 'its team\'s tasks are readable');
    assert.equal(checkPermission(w, tasks, dev, 'get_task', 'qa-run').allowed, false);
    const lead = caller('lead', 'orchestrator', 'api', ['eng']);
    assert.deepEqual(checkPermission(w, tasks, lead, 'report_status', 'ui'), { allowed: true });
    assert.equal(checkPermission(w, tasks, lead, 'report_status', 'qa-run').allowed, false, 'not its team');
    assert.deepEqual(checkPermission(w, tasks, lead, 'create_task'), { allowed: true });
    assert.equal(checkPermission(w, tasks, lead, 'submit_handoff', 'ui').allowed, false, 'a handoff is the worker\'s own');
    const rev = caller('rev', 'reviewer', 'api--review-rev', []);
    assert.deepEqual(checkPermission(w, tasks, rev, 'get_task', 'api'), { allowed: true });
    assert.equal(checkPermission(w, tasks, rev, 'get_task', 'ui').allowed, false);
    const answering = caller('dev', 'team_member', 'ui', ['eng'], 'answer');
    assert.deepEqual(checkPermission(w, tasks, answering, 'answer'), { allowed: true });
    assert.match((checkPermission(w, tasks, answering, 'ask') as { reason: string }).reason, /not available while answering/);
  });

  it('resolves whom a question is for: person, a name, the orchestrator, a team, a specialty', () => {
    const fe = caller('fe', 'team_member', 'ui', ['eng']);
    assert.deepEqual(resolveAddressee(w, ['eng', 'qa'], fe, 'person'), { kind: 'person' });
    assert.deepEqual(resolveAddressee(w, ['eng', 'qa'], fe, '@dev'), { kind: 'agent', agent: 'dev' });
    assert.deepEqual(resolveAddressee(w, ['eng', 'qa'], fe, 'orchestrator'), { kind: 'orchestrator', agent: 'lead', team: 'eng' });
    assert.deepEqual(resolveAddressee(w, ['eng', 'qa'], fe, 'backend'), { kind: 'agent', agent: 'dev' });
    assert.match((resolveAddressee(w, ['eng', 'qa'], fe, 'fe') as { error: string }).error, /cannot ask yourself/);
    assert.match((resolveAddressee(w, ['eng', 'qa'], fe, 'qa') as { error: string }).error, /team qa has no orchestrator/);
    assert.match((resolveAddressee(w, ['eng', 'qa'], fe, 'databases') as { error: string }).error, /nobody is named or specialised in `databases`/);
  });

  it('plans a raised event in one batch: deliveries, the fix task, the raiser waiting for it, the emergency', () => {
    const sub = (s: Partial<Subscription>): Subscription => ({ event: 'bug_discovered', action: 'notify', critical: false, pause: false, location: LOC, ...s });
    const template = { title: 'Fix: {data.title}', description: 'Seen by {source_agent}: {data.description}{data.missing}', type: 'bug', priority: 'high' as const, estimate: 2, assignee: 'dev', acceptanceCriteria: ['{data.title} fixed'], checklist: [], producesChanges: true, blocksSource: true };
    const teams: Team[] = [
      { ...w.teams.get('eng')!, subscriptions: [sub({ action: 'task', task: template, critical: true, pause: true })] },
      { ...w.teams.get('qa')!, subscriptions: [sub({}), sub({ event: 'release_approved' })] },
    ];
    const state = emptyRunState();
    let seq = 0;
    for (const e of [runStarted(['qa-run', 'api']), taskStarted('qa-run', 1, 'tester'), taskStarted('api', 1, 'dev')] as NewEvent[]) applyEvent(state, { ...e, seq: ++seq, at: 't', runId: 'r' } as EngineEvent);
    const plan = planRaise({ name: 'bug_discovered', data: { title: 'Total wrong', description: 'rounds down' }, source: { task: 'qa-run', agent: 'tester', team: 'qa' } }, teams, state, tasks, () => ['api', 'qa-run']);
    assert.deepEqual(plan.events.map((e) => e.type), ['event:raised', 'task:created', 'task:dependency-added', 'emergency:started']);
    const created = plan.events[1] as Extract<NewEvent, { type: 'task:created' }>;
    assert.equal(created.task, 'eng-bug-discovered-1');
    assert.deepEqual([created.definition.title, created.definition.priority, created.definition.emergency, created.definition.acceptanceCriteria], ['Fix: Total wrong', 'critical', 'ev-1', ['Total wrong fixed']]);
    assert.match(created.definition.description, /^Seen by tester: rounds down\n\nRaised as `bug_discovered` \(ev-1\) by tester on task `qa-run`/);
    assert.deepEqual((plan.events[0] as { deliveries: unknown }).deliveries, [{ team: 'eng', action: 'task', task: 'eng-bug-discovered-1' }, { team: 'qa', action: 'notify' }]);
    assert.deepEqual(plan.events[2], { type: 'task:dependency-added', task: 'qa-run', dependsOn: 'eng-bug-discovered-1', reason: 'bug_discovered (ev-1) raised by qa-run: it waits for eng-bug-discovered-1, then runs again' });
    assert.deepEqual((plan.events[3] as { parked: string[] }).parked, ['api'], 'pause parks the running lower-priority work, not the raiser');
    assert.equal(fill('{event} {unknown} {data.x}', { event: 'e' }), 'e {unknown} ');
  });

  it('hands each CLI the server its own way, and the token to scripts in the environment', () => {
    const mcp = { url: 'http://127.0.0.1:4000/mcp', token: 'tok', configDir: '/att' };
    const claude = claudeAttachment(agent('dev', { frontmatter: { mcpServers: { docs: { type: 'http', url: 'http://x' }, bad: 'string' } } }), mcp, 'sess-1');
    assert.deepEqual(claude.args, ['--mcp-config', '/att/claude-mcp.json', '--strict-mcp-config', '--allowedTools', 'mcp__baton', '--resume', 'sess-1']);
    assert.deepEqual(JSON.parse(claude.files[0]!.content), { mcpServers: { docs: { type: 'http', url: 'http://x' }, baton: { type: 'http', url: mcp.url, headers: { Authorization: 'Bearer tok' } } } });
    const codex = codexAttachment(mcp);
    assert.deepEqual(codex.args, ['-c', 'mcp_servers.baton.url="http://127.0.0.1:4000/mcp"', '-c', 'mcp_servers.baton.bearer_token_env_var="BATON_MCP_TOKEN"', '-c', 'mcp_servers.baton.tool_timeout_sec=660']);
    assert.equal(codex.files.length, 0, 'the token never touches a file for Codex');
    const gemini = geminiAttachment(mcp);
    assert.equal(gemini.env.GEMINI_CLI_SYSTEM_SETTINGS_PATH, '/att/gemini-settings.json');
    assert.deepEqual(JSON.parse(gemini.files[0]!.content).mcpServers.baton, { httpUrl: mcp.url, headers: { Authorization: 'Bearer tok' }, trust: true, timeout: 660000 });
    assert.deepEqual(mcpEnvironment(mcp), { BATON_MCP_URL: mcp.url, BATON_MCP_TOKEN: 'tok' });
    assert.deepEqual(claudeAttachment(agent('dev'), undefined, undefined).args, []);
  });
});
