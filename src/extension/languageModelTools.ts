import * as vscode from 'vscode';
import { HOST_TOOLS, runHostTool } from '../engine/mcp/hostTools';
import type { BatonWorkspace } from './batonWorkspace';
import type { DisposableStore } from './lifecycle';

/**
 * Baton's host tools (the ones `baton mcp` serves) for Copilot and other chat participants,
 * through VS Code's language model tools API. Declared in package.json
 * (`contributes.languageModelTools`, checked against HOST_TOOLS by a test); tools that start or
 * control processes ask for confirmation and need a trusted workspace.
 */
export function registerLanguageModelTools(store: DisposableStore, ws: BatonWorkspace): void {
  if (typeof vscode.lm?.registerTool !== 'function') return;
  for (const tool of HOST_TOOLS) {
    store.add(vscode.lm.registerTool<Record<string, unknown>>(tool.name, {
      prepareInvocation: (options) => (tool.readOnly ? { invocationMessage: tool.title } : {
        invocationMessage: tool.title,
        confirmationMessages: { title: tool.title, message: new vscode.MarkdownString(`\`${tool.name}\` ${JSON.stringify(options.input)}`) },
      }),
      invoke: async (options) => {
        if (!tool.readOnly && !vscode.workspace.isTrusted) throw new Error(`${tool.title} needs a trusted workspace: it starts or controls agents.`);
        const session = await ws.session();
        const folder = ws.folder;
        if (!session || !folder) throw new Error('Open a Baton workspace first.');
        const outcome = await runHostTool(tool, options.input, { session, root: folder.uri.fsPath, configRoot: ws.configRoot });
        if (outcome.isError) throw new Error(outcome.text);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(outcome.text)]);
      },
    }));
  }
}
