import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ALL_EVENTS } from '../model/eventCatalogue';
import type { AgentToolset } from '../team/agentToolset';
import type { Caller } from '../team/permissions';
import { WAIT_DEFAULT_S, WAIT_MAX_S, type TeamHub } from '../team/teamHub';
import type { ToolOutcome } from '../team/toolResult';

const text = (max: number) => z.string().min(1).max(max);
const list = z.array(z.string().max(2000)).max(200);

/**
 * The agent tools, bound to one caller. Every handler goes through the hub (which checks the
 * caller's role and journals), and every result carries what is waiting for the caller — a
 * teammate's question to answer, the answer to one of its own questions — so a running agent
 * hears from its team at its next tool call.
 */
export function agentMcpServer(caller: Caller, hub: TeamHub, tools: AgentToolset): McpServer {
  const server = new McpServer({ name: 'baton', version: '1' }, {
    capabilities: { logging: {} },
    instructions: `Baton, the orchestrator running your task \`${caller.task}\` (attempt ${caller.attempt}) as ${caller.agent}, role ${caller.role}. Report progress with report_status, ask your team with ask, hand off with submit_handoff.`,
  });
  const reply = (outcome: ToolOutcome): CallToolResult => {
    // Messages for the caller ride along as a second block, so the first stays the tool's own answer (JSON where it is JSON).
    // Safety: redacted at this one exit, whatever a tool put together.
    const notes = hub.notesFor(caller);
    return {
      content: [{ type: 'text', text: hub.redact(outcome.text) }, ...(notes.length ? [{ type: 'text' as const, text: hub.redact(`Messages from your team:\n${notes.join('\n')}`) }] : [])],
      ...(outcome.isError ? { isError: true } : {}),
    };
  };

  server.registerTool('get_task', {
    description: 'Your task (or, for orchestrators, one of your teams\' tasks): description, acceptance criteria, checklist, the handoffs of the tasks before it, your teammates, and the questions asked on it.',
    inputSchema: { task: z.string().max(200).optional().describe('Task id; default: your own task.') },
    annotations: { readOnlyHint: true },
  }, async ({ task }) => reply(await tools.getTask(caller, task)));

  server.registerTool('report_status', {
    description: 'Seed 000\'s status update: what you are doing, progress in percent, work completed and remaining, blockers, estimated completion. People see it live on the board, in the tree and in `baton status`. At most once a second.',
    inputSchema: {
      status: text(100).describe('in_progress, testing, blocked, almost_done, …'),
      progress: z.number().min(0).max(100).optional().describe('0–100'),
      completed_work: list.optional(),
      remaining_work: list.optional(),
      blockers: list.optional(),
      estimated_completion: z.string().max(100).optional().describe('ISO time or words'),
      quality_metrics: z.record(z.string().max(100), z.number()).optional().describe('e.g. { "test_coverage": 85 }'),
      task: z.string().max(200).optional().describe('Orchestrators: a task of your team; others may only report on their own task.'),
    },
  }, async (args) => reply(await tools.reportStatus(caller, args)));

  server.registerTool('ask', {
    description: 'Ask a teammate (by agent name or by specialty, e.g. "backend"), your team\'s `orchestrator`, or a `person`. Blocking (default): waits for a teammate\'s answer for up to 50 s; a blocking question to a person parks your task — stop when told, you are resumed with the answer. With blocking: false, keep working and pick the answer up later (it arrives in a tool result, or call wait_for_answer).',
    inputSchema: {
      to: text(200).describe('An agent name, a specialty, "orchestrator", or "person".'),
      question: text(8000),
      blocking: z.boolean().optional().describe('Default true.'),
      context: z.string().max(8000).optional().describe('What the answerer needs to know.'),
    },
  }, async ({ to, question, blocking, context }, extra) => reply(await hub.authorize(caller, 'ask') ?? await hub.ask(caller, { to, question, blocking: blocking ?? true, ...(context ? { context } : {}) }, extra.signal)));

  server.registerTool('wait_for_answer', {
    description: `Wait until one of your questions is answered, or the time runs out (default ${WAIT_DEFAULT_S} s, at most ${WAIT_MAX_S}); call again to keep waiting.`,
    inputSchema: { question: text(50), timeout_seconds: z.number().min(0).max(WAIT_MAX_S).optional() },
  }, async ({ question, timeout_seconds }, extra) => reply(await hub.authorize(caller, 'wait_for_answer') ?? await hub.waitForAnswer(caller, question, timeout_seconds ?? WAIT_DEFAULT_S, extra.signal)));

  server.registerTool('answer', {
    description: 'Answer a question a teammate asked you (its id is in the tool result that showed it to you).',
    inputSchema: { question: text(50), answer: text(16000) },
  }, async ({ question, answer }) => reply(await hub.authorize(caller, 'answer') ?? await hub.answer(caller, question, answer)));

  server.registerTool('submit_handoff', {
    description: 'Hand off your task: status (success, failure, blocked), a summary, the artifacts you produced, known issues, your claims about the checklist. Replaces the result file. Baton still verifies: the diff, your boundaries, the artifacts and the checklist commands.',
    inputSchema: {
      status: z.enum(['success', 'failure', 'blocked']),
      summary: text(16000),
      artifacts: list.optional().describe('Paths relative to the repository root.'),
      known_issues: list.optional(),
      outcome: z.string().max(200).optional().describe('For analysis tasks: the outcome the branches after you wait on.'),
      checklist: z.array(z.object({ item: text(2000), done: z.boolean(), note: z.string().max(2000).optional() })).max(100).optional(),
    },
  }, async (args) => reply(await tools.submitHandoff(caller, args)));

  server.registerTool('raise', {
    description: `Raise a blocker or an event of seed 000's catalogue with its data; the teams subscribed to it act (notify, a new task, a command). E.g. bug_discovered with { "title", "description", "severity" } — if the fix becomes a task, your task waits for it and then runs again. Events: ${ALL_EVENTS.join(', ')}.`,
    inputSchema: {
      event: text(100),
      data: z.record(z.string().max(200), z.unknown()).optional(),
      critical: z.boolean().optional().describe('An emergency: the response goes before all other work.'),
    },
  }, async ({ event, data, critical }) => reply(await tools.raise(caller, { event, ...(data ? { data } : {}), ...(critical ? { critical } : {}) })));

  server.registerTool('read_state', {
    description: 'The sprint\'s live state, as far as your role sees it: orchestrators the whole sprint, team members their team\'s tasks, reviewers the task they review. Tasks with status and progress, questions, active emergencies, recent events.',
    inputSchema: {},
    annotations: { readOnlyHint: true },
  }, async () => reply(await tools.readState(caller)));

  server.registerTool('create_task', {
    description: 'Orchestrators only: add a task to the running sprint for one of your teams; `blocks` lists tasks that have not started and must now wait for it.',
    inputSchema: {
      id: text(100), title: text(500), description: z.string().max(16000).optional(), type: z.string().max(100).optional(),
      priority: z.enum(['critical', 'high', 'medium', 'low']).optional(), estimate: z.number().min(0).max(1000).optional(),
      team: z.string().max(100).optional(), assignee: z.string().max(200).optional(),
      dependencies: list.optional(), blocks: list.optional(), acceptance_criteria: list.optional(),
    },
  }, async (args) => reply(await tools.createTask(caller, args)));

  server.registerTool('reassign_task', {
    description: 'Orchestrators only: move a task of your team that has not started to another member.',
    inputSchema: { task: text(200), agent: text(200) },
  }, async (args) => reply(await tools.reassignTask(caller, args)));

  return server;
}
