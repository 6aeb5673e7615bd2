import type { RunnerKind } from '../../engine/model/agentSchema';

/** One file Initialize Workspace writes (paths relative to the workspace root, `/`-separated). */
export interface ScaffoldFile {
  path: string;
  content: string;
  executable?: boolean;
}

export interface ScaffoldOptions {
  configRoot: string;
  /** `settings.default_runner` of the new teams.yaml: what agents without a `runner` use. */
  defaultRunner: RunnerKind;
  requireReview: boolean;
  /** `settings.worktrees.location`, when set. */
  worktreeLocation?: string;
}

export const DEMO_SPRINT_ID = 'demo-sprint';

/**
 * A small, valid, runnable workspace: teams.yaml with one team, a four-task sprint with a
 * fan-out and a join, and two agents in Claude Code's format. The agents run a scripted
 * stand-in (`runner: script`, clearly labelled, no AI) so the walkthrough's demo sprint really
 * runs — worktrees, commits, merges — offline and for free; two lines per agent switch it to a
 * real one. Kept free of `vscode` so a plain-Node test loads it (0 errors) and runs it.
 */
export function scaffoldFiles(o: ScaffoldOptions): ScaffoldFile[] {
  const root = o.configRoot.replace(/\\/g, '/').replace(/\/+$/, '');
  const script = `${root}/scripts/demo-agent.mjs`;
  const worktrees = o.worktreeLocation ? `\n  worktrees:\n    location: ${JSON.stringify(o.worktreeLocation)}` : '';
  return [
    {
      path: `${root}/teams.yaml`,
      content: `# Baton teams (created by "Baton: Initialize Workspace"). One team of two agents.
# The agents are scripted stand-ins (no AI) so the demo sprint runs offline: see their files
# in ${root}/agents/ for the two lines that point them at Claude Code, Codex, Gemini or Aider.
teams:
  demo:
    name: Demo team
    members:
      - { agent: planner, capacity: 1, specialties: [docs, test] }
      - { agent: builder, capacity: 2, specialties: [feature] }
    capabilities: [implementation]
    settings: { require_review: ${o.requireReview}, worktree_strategy: task_level }

settings:
  estimate_unit: hours   # every task estimate is in hours: points, hours, minutes or days
  default_runner: ${o.defaultRunner}
  max_parallel_agents: 3${worktrees}
`,
    },
    {
      path: `${root}/sprints/${DEMO_SPRINT_ID}.yaml`,
      content: `# A first sprint: a spec, two tasks built from it in parallel, then a test that joins them.
# Start it from the Sprints view (▶), the CodeLens above, or "Baton: Start Sprint".
sprint:
  id: ${DEMO_SPRINT_ID}
  name: Demo sprint
  goals:
    - See Baton plan, run and merge a small sprint
  teams: [demo]
  tasks:
    - id: write-spec
      title: Write the feature spec
      type: docs
      priority: high
      estimate: 1
      assignee: planner
      acceptance_criteria:
        - The spec names the API and the screen
      handoff_artifacts: [work/write-spec.md]

    - id: build-api
      title: Build the API
      type: feature
      priority: high
      estimate: 2
      dependencies: [write-spec]
      assignee: builder
      acceptance_criteria:
        - Every endpoint in the spec exists

    - id: build-ui
      title: Build the screen
      type: feature
      priority: medium
      estimate: 2
      dependencies: [write-spec]
      assignee: builder
      acceptance_criteria:
        - The screen calls the API

    - id: test-feature
      title: Test the feature end to end
      type: test
      priority: medium
      estimate: 1
      dependencies: [build-api, build-ui]
      assignee: planner
      acceptance_criteria:
        - A test covers the main flow
  success_criteria:
    - All tasks done and merged
`,
    },
    agentFile('planner', 'Plans the work: writes specs and test notes. (Demo: a scripted stand-in, not an AI.)', script, ['work/**', 'docs/**'],
      'You are the planner. Turn the task into a short spec or a test plan and hand it to the builder.'),
    agentFile('builder', 'Builds features from a spec. (Demo: a scripted stand-in, not an AI.)', script, ['work/**', 'src/**'],
      'You are the builder. Implement the task from the spec you were handed, with tests.'),
    { path: script, content: DEMO_AGENT, executable: true },
  ];
}

function agentFile(name: string, description: string, script: string, owns: string[], body: string): ScaffoldFile {
  return {
    path: `${script.slice(0, script.indexOf('/scripts/'))}/agents/${name}.md`,
    content: `---
name: ${name}
description: ${JSON.stringify(description)}
tools: Read, Write, Edit, Bash
model: sonnet
# Demo stand-in. For a real agent replace the next three lines with: runner: claude-code
runner: script
script: ${script}
env: ["BATON_DEMO_*"]
owns: [${owns.map((g) => JSON.stringify(g)).join(', ')}]
---
${body}
`,
  };
}

/** The stand-in agent: labelled as such everywhere it writes. */
const DEMO_AGENT = `#!/usr/bin/env node
// SCRIPTED STAND-IN FOR AN AI AGENT — it makes no decisions and writes no real code.
// Created by "Baton: Initialize Workspace" so the demo sprint runs offline and for free.
// Baton runs it in the task's git worktree with BATON_TASK_ID, BATON_AGENT, BATON_PROMPT_FILE
// and BATON_RESULT_FILE set; it writes work/<task>.md, commits it and reports success.
// BATON_DEMO_DELAY_MS (default 1500) is how long it pretends to think.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const env = process.env;
const task = env.BATON_TASK_ID;
if (!task || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(task)) {
  process.stderr.write('demo-agent: BATON_TASK_ID is missing\\n');
  process.exit(2);
}
const agent = env.BATON_AGENT || 'demo-agent';
process.stdout.write(\`[demo] \${agent} (scripted stand-in) starts \${task}\\n\`);
const delay = Number(env.BATON_DEMO_DELAY_MS ?? 1500);
if (delay > 0) await sleep(delay);

let prompt = '';
try {
  prompt = readFileSync(env.BATON_PROMPT_FILE ?? '', 'utf8').split(/\\r?\\n/).slice(0, 8).join('\\n> ');
} catch {
  prompt = '(no prompt file)';
}
const file = join('work', \`\${task}.md\`);
mkdirSync('work', { recursive: true });
writeFileSync(file, \`# \${task}\\n\\nWritten by \${agent}, a scripted stand-in (not an AI).\\n\\n> \${prompt}\\n\`);
process.stdout.write(\`[demo] wrote \${file}\\n\`);

const git = (args) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let identity = [];
try {
  if (!git(['config', 'user.email']).trim()) throw new Error('none');
} catch {
  identity = ['-c', 'user.name=Baton demo agent', '-c', 'user.email=demo-agent@baton.invalid'];
}
git(['add', '--', file]);
git([...identity, 'commit', '--quiet', '-m', \`\${task}: \${agent} (scripted stand-in)\`, '--', file]);
process.stdout.write(\`[demo] committed \${file}\\n\`);

const result = { status: 'success', summary: \`\${agent} (scripted stand-in) wrote \${file}.\`, artifacts: [file] };
if (env.BATON_RESULT_FILE) writeFileSync(env.BATON_RESULT_FILE, JSON.stringify(result) + '\\n');
else process.stdout.write(JSON.stringify(result) + '\\n');
process.stdout.write(\`[demo] \${task} done\\n\`);
`;
