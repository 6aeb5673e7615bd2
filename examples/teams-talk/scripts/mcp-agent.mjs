#!/usr/bin/env node
// SCRIPTED STAND-IN FOR AN LLM AGENT THAT SPEAKS MCP — NOT AN AI.
//
// It talks to Baton's MCP server exactly as an agent CLI does — the SDK's Streamable HTTP
// client, `BATON_MCP_URL`, `Authorization: Bearer $BATON_MCP_TOKEN` — and follows a script
// instead of a model: the steps for its task, given as JSON in its first argument (or `@file`):
//
//   { "tasks": { "<task id>" | "*": [step, …] }, "answer": "what it says when asked", "answerDelayMs": 0 }
//
// Steps (each is idempotent, so a parked task re-run from the top skips what is done):
//   { "do": "status", "progress": 40, "status": "in_progress", "remaining": ["…"] }   report_status
//   { "do": "ask", "to": "backend" | "person" | "<agent>", "question": "…", "blocking": true|false }
//   { "do": "wait" }                        wait_for_answer on the last question, until answered
//   { "do": "work", "file": "path" }        write a file for the task (it records every answer)
//   { "do": "raise", "event": "bug_discovered", "data": { … }, "critical": false }
//   { "do": "answer-inbox" }                answer every question shown to it in tool results
//   { "do": "try", "tool": "report_status" | "create_task", "args": { … } }  a call its role may not make
//   { "do": "sleep", "ms": 500 }
//   { "do": "leak-token", "file": "/tmp/t" } / { "do": "reuse-token", "file": "/tmp/t", "out": "/tmp/o" }
//                                           hostile: keep this attempt's token, try another attempt's
//   { "do": "handoff", "status": "success", "summary": "…" }  submit_handoff (default at the end when missing)
//
// Hostile: `{{env.NAME}}` in any string of the plan is the value of the agent's environment
// variable NAME (an agent passing on a secret it was given, in a question, a report, an answer).
//
// Asked a question while not running (Baton starts it with BATON_QUESTION_ID), it answers with
// its "answer" text through the `answer` tool. A blocking question to a person parks the task:
// the server says so and the script stops; its next attempt finds the answer in get_task.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const env = process.env;
// The plan: JSON in the first argument, or `@<file>` naming a JSON file.
const planArg = process.argv[2] ?? '{}';
const plan = JSON.parse(planArg.startsWith('@') ? readFileSync(planArg.slice(1), 'utf8') : planArg, (_key, value) =>
  typeof value === 'string' ? value.replace(/\{\{env\.([A-Za-z_][A-Za-z0-9_]*)\}\}/g, (_m, name) => process.env[name] ?? '') : value);
const task = env.BATON_TASK_ID;
const agent = env.BATON_AGENT;
const say = (line) => process.stdout.write(`[mcp-agent ${agent}] ${line}\n`);

if (!env.BATON_MCP_URL || !env.BATON_MCP_TOKEN) {
  say('no BATON_MCP_URL / BATON_MCP_TOKEN: Baton did not give this attempt its MCP server');
  process.exit(3);
}
const client = new Client({ name: `scripted-${agent}`, version: '1' });
await client.connect(new StreamableHTTPClientTransport(new URL(env.BATON_MCP_URL), { requestInit: { headers: { Authorization: `Bearer ${env.BATON_MCP_TOKEN}` } } }));
const inbox = new Map();

async function call(name, args = {}) {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 700_000 });
  // The first block is the tool's answer; later blocks carry messages from the team.
  const [first, ...rest] = result.content.map((c) => c.text ?? '');
  const all = [first, ...rest].join('\n');
  for (const m of all.matchAll(/Question (q-\d+) for you from [^:]+: ([^\n]*?) — answer it/g)) inbox.set(m[1], m[2]);
  say(`${name} → ${(first ?? '').split('\n')[0].slice(0, 160)}`);
  return { text: first ?? '', all, isError: result.isError === true };
}

if (env.BATON_QUESTION_ID) {
  if (plan.answerDelayMs) await sleep(plan.answerDelayMs);
  await call('answer', { question: env.BATON_QUESTION_ID, answer: plan.answer ?? `${agent} has no opinion` });
  await client.close();
  process.exit(0);
}

const steps = plan.tasks?.[task] ?? plan.tasks?.['*'] ?? [{ do: 'work' }];
// A parked task runs again from the top: what it raised before is not raised twice.
const continuing = existsSync(env.BATON_PROMPT_FILE ?? '') && readFileSync(env.BATON_PROMPT_FILE, 'utf8').includes('## Continuing a parked attempt');
const answers = [];
let lastQuestion;
let handedOff = false;
const known = JSON.parse((await call('get_task')).text).questions ?? [];
for (const step of steps) {
  switch (step.do) {
    case 'status':
      await call('report_status', { status: step.status ?? 'in_progress', progress: step.progress, completed_work: step.completed ?? [], remaining_work: step.remaining ?? [], blockers: step.blockers ?? [] });
      await sleep(1100); // the server takes one report a second
      break;
    case 'ask': {
      const earlier = known.find((q) => q.text === step.question);
      if (earlier?.status === 'answered') {
        answers.push(`${earlier.id}: ${earlier.answer}`);
        lastQuestion = earlier.id;
        break;
      }
      const r = await call('ask', { to: step.to, question: step.question, blocking: step.blocking ?? true });
      lastQuestion = /\b(q-\d+)\b/.exec(r.text)?.[1];
      if (/parks this task/.test(r.text)) {
        say(`parked on ${lastQuestion}; stopping as told`);
        await client.close();
        process.exit(0);
      }
      const answer = /^Answer to (q-\d+) from [^:]+: (.*)$/m.exec(r.text);
      if (answer) answers.push(`${answer[1]}: ${answer[2]}`);
      break;
    }
    case 'wait':
      for (;;) {
        const r = await call('wait_for_answer', { question: lastQuestion, timeout_seconds: 20 });
        const answer = /^Answer to (q-\d+) from [^:]+: (.*)$/m.exec(r.text);
        if (answer) {
          answers.push(`${answer[1]}: ${answer[2]}`);
          break;
        }
        if (/will not be answered/.test(r.text)) break;
      }
      break;
    case 'work': {
      const file = step.file ?? `work/${task}.md`;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, [`# ${task}`, '', `by ${agent}`, ...answers.map((a) => `- answer ${a}`), ''].join('\n'));
      break;
    }
    case 'raise':
      if (continuing) break;
      await call('raise', { event: step.event, data: step.data ?? {}, ...(step.critical ? { critical: true } : {}) });
      break;
    case 'answer-inbox':
      for (let tries = 0; tries < 200 && inbox.size === 0; tries++) {
        await call('read_state');
        await sleep(200);
      }
      for (const [id] of inbox) await call('answer', { question: id, answer: plan.answer ?? `${agent} has no opinion` });
      inbox.clear();
      break;
    case 'try':
      await call(step.tool, step.args ?? {});
      break;
    case 'sleep':
      await sleep(step.ms ?? 500);
      break;
    case 'leak-token':
      writeFileSync(step.file, env.BATON_MCP_TOKEN);
      break;
    case 'reuse-token': {
      const stolen = new Client({ name: 'stolen', version: '1' });
      try {
        await stolen.connect(new StreamableHTTPClientTransport(new URL(env.BATON_MCP_URL), { requestInit: { headers: { Authorization: `Bearer ${readFileSync(step.file, 'utf8')}` } } }));
        const r = await stolen.callTool({ name: 'report_status', arguments: { status: 'hijacked', progress: 99 } });
        writeFileSync(step.out, `accepted ${JSON.stringify(r.content)}`);
      } catch (error) {
        writeFileSync(step.out, `refused ${error.message}`);
      }
      break;
    }
    case 'handoff':
      await call('submit_handoff', { status: step.status ?? 'success', summary: step.summary ?? `${agent} did ${task}${answers.length ? ` (answers: ${answers.join('; ')})` : ''}`, artifacts: [] });
      handedOff = true;
      break;
    default:
      say(`unknown step ${JSON.stringify(step)}`);
      process.exit(2);
  }
}
if (!handedOff) await call('submit_handoff', { status: 'success', summary: `${agent} did ${task}${answers.length ? ` (answers: ${answers.join('; ')})` : ''}`, artifacts: [] });
if (env.MCP_AGENT_LOG) appendFileSync(env.MCP_AGENT_LOG, `${task} ${agent} done\n`);
await client.close();
