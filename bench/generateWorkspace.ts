import * as fs from 'node:fs';
import * as path from 'node:path';
import { seededRandom as prng } from '../test/support/seededRandom';

export { prng };

/** Sprint YAML with `tasks` tasks in layers, each depending on 1–3 earlier ones; `errors` planted typos. */
export function sprintYaml(tasks: number, errors = 0, seed = 1): string {
  const rand = prng(seed);
  const lines = ['sprint:', '  id: big', '  teams: [eng]', '  tasks:'];
  const priorities = ['critical', 'high', 'medium', 'low'];
  for (let i = 0; i < tasks; i++) {
    const deps = new Set<string>();
    if (i > 0) for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) deps.add(`t${Math.floor(rand() * i)}`);
    const planted = errors > 0 && i % Math.max(1, Math.floor(tasks / errors)) === 1;
    lines.push(
      `    - id: t${i}`,
      `      title: Task number ${i}`,
      `      type: feature`,
      `      ${planted ? 'prority' : 'priority'}: ${priorities[i % 4]}`,
      `      estimate: ${1 + Math.floor(rand() * 8)}`,
      `      assignee: dev${i % 4}`,
      `      dependencies: [${[...deps].join(', ')}]`,
      `      acceptance_criteria: [Works, Has tests]`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Writes a workspace with four agents, one team and a generated sprint; returns its root. */
export function writeWorkspace(root: string, tasks: number, errors = 0): string {
  const claude = path.join(root, '.claude');
  fs.mkdirSync(path.join(claude, 'agents'), { recursive: true });
  fs.mkdirSync(path.join(claude, 'sprints'), { recursive: true });
  fs.writeFileSync(path.join(claude, 'teams.yaml'), 'teams:\n  eng:\n    members: [dev0, dev1, dev2, dev3]\n');
  for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(claude, 'agents', `dev${i}.md`), `---\nname: dev${i}\ndescription: Developer ${i}\n---\nYou develop.\n`);
  fs.writeFileSync(path.join(claude, 'sprints', 'big.yaml'), sprintYaml(tasks, errors));
  return root;
}
