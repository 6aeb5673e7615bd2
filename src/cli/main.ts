// Entry point of the `baton` bundle (esbuild: src/cli/main.ts → dist/cli.js, with a
// `#!/usr/bin/env node` banner). Everything testable lives in `cli.ts`; this file only binds it
// to the real process, so importing `main` in a test never runs a command.
import { main } from './cli';
import { processIo } from './cliIo';

// `baton plan … | head` closes the pipe early; that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

void main(process.argv.slice(2), processIo()).then((code) => {
  // exitCode rather than exit(): buffered output to a pipe still drains.
  process.exitCode = code;
});
