// Loader benchmark: load + validate + resolve a generated 1,000- and 10,000-task sprint,
// next to the bare `yaml` parse of the same text measured in the same run (the floor any
// YAML-based loader pays).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadWorkspace } from '../src/engine/config/loadWorkspace';
import { writeWorkspace } from './generateWorkspace';

async function median(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  console.log('loader: load + validate + resolve a generated sprint (median of 5; baseline = yaml.parse of the same file)');
  console.log('tasks    baton ms   yaml.parse ms   ratio   diagnostics');
  for (const tasks of [1_000, 10_000]) {
    const root = writeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-')), tasks, 5);
    const text = fs.readFileSync(path.join(root, '.claude/sprints/big.yaml'), 'utf8');
    let diagnostics = 0;
    await loadWorkspace(root); // warm-up
    const baton = await median(5, async () => {
      diagnostics = (await loadWorkspace(root)).diagnostics.length;
    });
    const baseline = await median(5, () => parse(text));
    console.log(`${String(tasks).padEnd(8)} ${baton.toFixed(0).padStart(8)}   ${baseline.toFixed(0).padStart(13)}   ${(baton / baseline).toFixed(2).padStart(5)}   ${diagnostics}`);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
