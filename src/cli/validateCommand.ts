import { hasErrors } from '../engine/model/workspace';
import { ExitCode, type Command } from './command';
import { diagnosticJson, diagnosticLine, sortForDisplay, summaryLine } from './formatDiagnostics';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, loadWorkspaceArgs } from './workspaceArgs';

/** `baton validate [dir] [--json]`: every diagnostic of the workspace, compiler style. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check teams, sprints, epics and agent files and report every problem.',
  positionals: [DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print one JSON object {"diagnostics":[…]} instead of text.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['validate', 'validate path/to/repo --json', 'validate --config-root config/baton'],
  notes: [
    'Each problem prints as `path:line:col: severity code message` (severity: error, warning or info; path relative to [dir]), then a summary line.',
    'With --json, stdout holds exactly one object: {"diagnostics":[{"file","line","column","endLine","endColumn","severity","code","message"}]}. Usage and I/O errors go to stderr and leave stdout empty.',
    'Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error (e.g. no config folder).',
  ],
  async run(context) {
    const loaded = await loadWorkspaceArgs(context);
    const diagnostics = sortForDisplay(loaded.diagnostics, loaded.dir);
    if (context.args.flag('json')) {
      context.stdout.json({ diagnostics: diagnostics.map((d) => diagnosticJson(d, loaded.dir)) });
    } else {
      const style = context.stdout.style;
      context.stdout.lines(diagnostics.map((d) => diagnosticLine(d, loaded.dir, style)));
      context.stdout.line(summaryLine(diagnostics, loaded.files.length, style));
    }
    return hasErrors(diagnostics) ? ExitCode.problems : ExitCode.ok;
  },
};
