import * as path from 'node:path';
import { BatonLanguageService } from './languageService';

const ROOT = path.resolve('/baton-warm-up');
const CONFIG = path.join(ROOT, '.claude');

/** A small sprint in the shape of real ones: layered dependencies, a few mistakes. */
function sprintText(tasks: number): string {
  const lines = ['sprint:', '  id: warm', '  teams: [eng]', '  tasks:'];
  for (let i = 0; i < tasks; i++) {
    lines.push(
      `    - id: t${i}`,
      `      title: Task ${i}`,
      `      ${i % 17 === 3 ? 'prority' : 'priority'}: ${['critical', 'high', 'medium', 'low'][i % 4]}`,
      `      estimate: ${1 + (i % 5)}`,
      `      assignee: dev${i % 2}`,
      `      dependencies: [${i > 0 ? `t${Math.floor(i / 2)}` : ''}]`,
      '      acceptance_criteria: [Works]',
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Runs every path a first check and the first requests take — parse, resolve, diagnostics,
 * completion, hover, navigation, an edit — on an in-memory workspace, before the client sends
 * anything. The editor spawns the server at activation; by the time the user opens a sprint,
 * V8 has compiled and warmed that code, so the first diagnostics do not pay for it. Nothing
 * touches the disk.
 */
export function warmUp(): void {
  try {
    exercise();
  } catch {
    // Warming up is an optimisation: a failure here must never stop the server from starting.
  }
}

function exercise(): void {
  const service = new BatonLanguageService(ROOT, CONFIG);
  const sprint = path.join(CONFIG, 'sprints/warm.yaml');
  service.openOrChange(path.join(CONFIG, 'teams.yaml'), 'teams:\n  eng:\n    members: [dev0, dev1]\n    subscriptions: [task_completed]\n');
  for (const name of ['dev0', 'dev1']) service.openOrChange(path.join(CONFIG, `agents/${name}.md`), `---\nname: ${name}\ndescription: Developer\nmodel: sonnet\n---\nYou develop.\n`);
  let text = sprintText(300);
  service.openOrChange(sprint, text);
  service.diagnosticsByFile();
  const at = { line: 8, character: 16 };
  service.completion(sprint, at, text);
  service.hover(sprint, at);
  service.definition(sprint, at);
  service.references(sprint, at, true);
  service.documentSymbols(sprint);
  service.sprintGraph({}, sprint);
  text = text.replace('Task 150', 'Task 150 edited');
  service.openOrChange(sprint, text);
  service.diagnosticsByFile();
}
