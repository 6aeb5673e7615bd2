import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * Baton's language server (dist/server.js) over IPC, for the YAML files and agent markdown
 * under the config root. Diagnostics come only from here — the manifest has no
 * `yamlValidation` for these files, so Red Hat's YAML extension does not report them twice.
 * `baton.trace.server` is read by the client under its id `baton`.
 */
export function createLanguageClient(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, configRoot: string): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const root = folder.uri.fsPath.split(path.sep).join('/');
  const base = path.posix.join(root, configRoot.split(path.sep).join('/'));
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml', pattern: `${base}/**/*.{yaml,yml}` },
      { scheme: 'file', language: 'markdown', pattern: `${base}/agents/**/*.md` },
      // VS Code's and Codex's agent files, which Baton loads as agents too (any language id).
      { scheme: 'file', pattern: `${root}/.github/agents/**/*.agent.md` },
      { scheme: 'file', pattern: `${root}/.codex/agents/*.toml` },
    ],
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${configRoot}/**/*.{yaml,yml,md}`)),
        vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '{.github/agents/**/*.agent.md,.codex/agents/*.toml}')),
      ],
    },
    initializationOptions: { configRoot },
    workspaceFolder: folder,
    outputChannelName: 'Baton Language Server',
  };
  return new LanguageClient('baton', 'Baton Language Server', serverOptions, clientOptions);
}
