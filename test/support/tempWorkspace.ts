import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Writes `files` (paths relative to the workspace root) into a fresh temp folder and returns its path. */
export function tempWorkspace(files: Record<string, string>, prefix = 'baton-ws-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return root;
}

export function removeTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A minimal agent file in Claude Code's format. */
export function agentMd(name: string, extra = ''): string {
  return `---\nname: ${name}\ndescription: ${name} agent\n${extra}---\nYou are ${name}.\n`;
}
