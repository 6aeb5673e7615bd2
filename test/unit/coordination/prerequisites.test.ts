import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkPrerequisites, describeNoGo } from '../../../src/engine/coordination/prerequisites';
import type { Prerequisite } from '../../../src/engine/model/workspace';

const location = { file: 's.yaml', range: { line: 0, column: 0, endLine: 0, endColumn: 0 } };

describe('coordination/prerequisites', () => {
  let root: string;
  let server: net.Server;
  let open: number;
  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-prereq-'));
    fs.mkdirSync(path.join(root, 'node_modules', '@scope', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', '@scope', 'pkg', 'package.json'), '{"version":"2.0.0"}');
    fs.writeFileSync(path.join(root, 'present.json'), '{}');
    server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    open = (server.address() as net.AddressInfo).port;
  });
  afterEach(() => {
    server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('checks every kind, all of them, and is GO only when none fails', async () => {
    const prereqs: Prerequisite[] = [
      { kind: 'stated', name: 'Design signed off', location },
      { kind: 'command', name: 'node', command: [process.execPath, '--version'], location },
      { kind: 'command', name: 'broken', command: [process.execPath, '-e', 'console.log("db down"); process.exit(2)'], location },
      { kind: 'env', name: 'token', variable: 'API_TOKEN', location },
      { kind: 'env', name: 'empty', variable: 'EMPTY', location },
      { kind: 'file', name: 'config', path: 'present.json', location },
      { kind: 'file', name: 'escape', path: '../etc/passwd', location },
      { kind: 'port', name: 'service', port: open, location },
      { kind: 'npm', name: 'scoped', packageName: '@scope/pkg', location },
      { kind: 'npm', name: 'absent', packageName: 'not-installed-anywhere-xyz', location },
    ];
    const report = await checkPrerequisites(prereqs, { root, env: { API_TOKEN: 'x', EMPTY: '', PATH: process.env.PATH } });
    assert.equal(report.go, false);
    assert.deepEqual(report.checks.map((c) => [c.name, c.kind, c.verdict]), [
      ['Design signed off', 'stated', 'stated'], ['node', 'command', 'go'], ['broken', 'command', 'no-go'], ['token', 'env', 'go'], ['empty', 'env', 'no-go'],
      ['config', 'file', 'go'], ['escape', 'file', 'no-go'], ['service', 'port', 'go'], ['scoped', 'npm', 'go'], ['absent', 'npm', 'no-go'],
    ]);
    assert.match(report.checks[2]!.detail, /exited 2: db down/);
    assert.match(report.checks[8]!.detail, /@scope\/pkg@2\.0\.0/);
    assert.equal(describeNoGo(report.checks), `prerequisites NO-GO: broken (${report.checks[2]!.detail}); empty ($EMPTY is not set); escape (../etc/passwd is outside the workspace; only files inside it are checked); absent (${report.checks[9]!.detail})`);
  });

  it('reports a closed port as NO-GO quickly, and stated-only prerequisites as GO', async () => {
    const closed = open;
    server.close();
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    const report = await checkPrerequisites([{ kind: 'port', name: 'db', port: closed, timeoutSeconds: 1, location }], { root, env: {} });
    assert.equal(report.checks[0]!.verdict, 'no-go');
    assert.ok(Date.now() - started < 1500);
    assert.equal((await checkPrerequisites([{ kind: 'stated', name: 'x', location }], { root, env: {} })).go, true);
  });
});
