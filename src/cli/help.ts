import type { Command, OptionSpec } from './command';
import type { Style } from './output';
import { HELP_OPTION, positionalLabel } from './parseCommandLine';

/** `baton <name> --help`: usage, arguments, options, examples, notes. */
export function commandHelp(command: Command, style: Style): string[] {
  const lines = [`${style.bold('Usage:')} ${usageLine(command)}`, '', command.summary];
  if (command.description) lines.push('', ...command.description.split('\n').flatMap((p) => wrap(p)));
  if (command.positionals.length > 0) {
    lines.push('', style.bold('Arguments:'), ...twoColumns(command.positionals.map((p) => [positionalLabel(p), p.description]), style));
  }
  const options: [string, OptionSpec][] = [...Object.entries(command.options), ['help', HELP_OPTION]];
  lines.push('', style.bold('Options:'), ...twoColumns(options.map(([name, spec]) => [optionLabel(name, spec), spec.description]), style));
  if (command.examples?.length) lines.push('', style.bold('Examples:'), ...command.examples.map((e) => `  baton ${e}`));
  if (command.notes?.length) lines.push('', ...command.notes.flatMap((n, i) => (i === 0 ? wrap(n) : ['', ...wrap(n)])));
  return lines;
}

/** `baton --help`: the command list. */
export function globalHelp(commands: readonly Command[], version: string, style: Style): string[] {
  return [
    `${style.bold('baton')} ${version} ${style.dim('— plan and run teams of AI coding agents')}`,
    '',
    `${style.bold('Usage:')} baton <command> [options]`,
    '',
    style.bold('Commands:'),
    ...twoColumns(commands.map((c) => [c.name, c.summary]), style),
    '',
    style.bold('Options:'),
    ...twoColumns([
      ['-h, --help', 'Show this help.'],
      ['-v, --version', 'Print the version.'],
    ], style),
    '',
    `Run ${style.bold('baton help <command>')} or ${style.bold('baton <command> --help')} for a command's arguments and options.`,
    style.dim('Environment: NO_COLOR turns colour off, FORCE_COLOR forces it on.'),
  ];
}

/** `baton plan <sprint-id> [dir] [options]` */
export function usageLine(command: Command): string {
  return ['baton', command.name, ...command.positionals.map(positionalLabel), '[options]'].join(' ');
}

function optionLabel(name: string, spec: OptionSpec): string {
  const long = spec.type === 'string' ? `--${name} <${spec.valueName ?? 'value'}>` : `--${name}`;
  return spec.short ? `-${spec.short}, ${long}` : `    ${long}`;
}

function twoColumns(rows: readonly (readonly [string, string])[], style: Style): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${style.dim(right)}`);
}

/** Greedy word wrap: help stays readable in an 80-column terminal and in a pager alike. */
function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  return current === '' ? [''] : [...lines, current];
}
