import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeWorkspace } from '../../bench/generateWorkspace';
import { LspClient, positionOf, rssOf, uriOf } from './lspClient';

const MiB = 1048576;

/** Resolves with `promise`, or rejects when it takes longer than `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms).unref())]);
}

describe('a 10,000-task sprint (over stdio)', function () {
  this.timeout(120000);
  let root: string;
  let client: LspClient;
  let uri: string;

  before(async () => {
    root = writeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-lsp-10k-')), 10_000, 5);
    client = await LspClient.start(root);
    uri = uriOf(path.join(root, '.claude/sprints/big.yaml'));
    await client.open(uri, fs.readFileSync(path.join(root, '.claude/sprints/big.yaml'), 'utf8'));
    const cold = await within(30000, 'the first diagnostics', client.answered(uri, 30000));
    assert.equal(cold.filter((d) => d.code === 'unknown-key').length, 5);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('keeps answering edits, completion and hover, without growing memory across edits', async () => {
    let rssAfterWarmup = 0;
    for (let i = 0; i < 24; i++) {
      await client.replace(uri, i % 2 ? 'XTask number 5000' : 'Task number 5000', i % 2 ? 'Task number 5000' : 'XTask number 5000');
      await within(15000, `edit ${i}`, client.answered(uri, 15000));
      if (i % 6 === 5) {
        const text = client.text(uri);
        const items = await within(5000, 'completion', client.completion(uri, positionOf(text, 'priority: ', 10, 'id: t9000\n')));
        assert.deepEqual(items.map((c) => c.label).sort(), ['critical', 'high', 'low', 'medium']);
        const hover = await within(5000, 'hover', client.hover(uri, positionOf(text, 'id: t9000', 5)));
        assert.match(JSON.stringify(hover), /t9000/);
      }
      if (i === 7) rssAfterWarmup = rssOf(client.pid);
    }
    const rss = rssOf(client.pid);
    if (rss > 0) {
      assert.ok(rss < rssAfterWarmup + 150 * MiB, `RSS grew from ${(rssAfterWarmup / MiB).toFixed(0)} to ${(rss / MiB).toFixed(0)} MiB`);
      assert.ok(rss < 700 * MiB, `RSS ${(rss / MiB).toFixed(0)} MiB`);
    }
  });

  it('drops stale work: a burst of 40 keystrokes is checked once, at the end', async () => {
    const at = positionOf(client.text(uri), 'title: Task number 7000', 7);
    for (let i = 0; i < 40; i++) await client.change(uri, [{ range: { start: at, end: at }, text: 'x' }]);
    const started = performance.now();
    const diagnostics = await within(15000, 'the burst', client.answered(uri, 15000));
    assert.equal(diagnostics.filter((d) => d.code === 'unknown-key').length, 5);
    assert.ok(performance.now() - started < 15000);
  });
});
