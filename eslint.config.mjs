// Lint, with the architecture's import boundaries enforced: only src/extension may import
// 'vscode'; the webview imports only src/shared and types from src/engine/model.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Only src/extension may import vscode: the engine, server, CLI and shared code must run without VS Code.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'examples/**', 'schemas/**', 'test-artifacts/**', '.bench/**', 'test/fixtures/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', fetch: 'readonly', document: 'readonly', window: 'readonly', HTMLElement: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // STYLE §18: each custom LSP message is a namespace with `method` and `type`, as vscode-eslint does.
  { files: ['src/shared/**'], rules: { '@typescript-eslint/no-namespace': 'off' } },
  { files: ['src/engine/**', 'src/shared/**', 'src/server/**', 'src/cli/**', 'test/unit/**', 'bench/**', 'scripts/**'], rules: noVscode },
  {
    files: ['webview-ui/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser; talk to the host through src/shared/protocol.' }],
        patterns: [
          { group: ['**/src/engine/model/**'], allowTypeImports: true, message: 'The webview may import only types from src/engine/model (use `import type`).' },
          { group: ['**/src/engine/**', '!**/src/engine/model/**', '**/src/extension/**', '**/src/server/**', '**/src/cli/**', 'node:*'], message: 'The webview may import only src/shared and types from src/engine/model.' },
        ],
      }],
    },
  },
);
