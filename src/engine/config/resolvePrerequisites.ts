import type { Prerequisite } from '../model/workspace';
import { toArgv } from '../util/splitCommandLine';
import { type DiagnosticSink, locationOf } from './diagnosticSink';
import { asArray, asNonEmptyString, asNumber, asRecord, asString, asStringList } from '../util/lenient';
import type { RangedSource, YamlPath } from './rangedSource';

const KINDS = ['command', 'env', 'file', 'port', 'npm'] as const;

/** A sprint's prerequisites (seed 002's GO/NO-GO gate); each object must name exactly one kind of check. */
export function resolvePrerequisites(value: unknown, source: RangedSource, sink: DiagnosticSink): Prerequisite[] {
  const out: Prerequisite[] = [];
  asArray(value).forEach((raw, i) => {
    const path: YamlPath = ['sprint', 'prerequisites', i];
    const location = locationOf(source, path);
    if (typeof raw === 'string') {
      out.push({ kind: 'stated', name: raw, location });
      return;
    }
    const r = asRecord(raw);
    if (!r) return;
    const kinds = KINDS.filter((k) => r[k] !== undefined);
    if (kinds.length !== 1) {
      sink.add(source, path, 'error', 'bad-format', kinds.length === 0
        ? 'A prerequisite needs one check: `command`, `env`, `file`, `port` or `npm`. Add one, or write the prerequisite as plain text.'
        : `A prerequisite checks one thing, but this one names ${kinds.join(' and ')}. Split it into ${kinds.length} prerequisites.`);
      return;
    }
    const kind = kinds[0]!;
    const timeout = asNumber(r.timeout);
    const label = (fallback: string) => asString(r.name) ?? fallback;
    switch (kind) {
      case 'command': {
        try {
          const command = toArgv(typeof r.command === 'string' ? r.command : asStringList(r.command));
          if (!command.length) return;
          out.push({ kind, name: label(command.join(' ')), command, location, ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}) });
        } catch (error) {
          sink.add(source, [...path, 'command'], 'error', 'bad-format', `${(error as Error).message}. Close the quote, or write the command as a list.`);
        }
        return;
      }
      case 'env': {
        const variable = asNonEmptyString(r.env);
        if (variable) out.push({ kind, name: label(`$${variable} is set`), variable, location });
        return;
      }
      case 'file': {
        const file = asNonEmptyString(r.file);
        if (file) out.push({ kind, name: label(`${file} exists`), path: file, location });
        return;
      }
      case 'port': {
        const port = asNumber(r.port);
        if (port !== undefined) out.push({ kind, name: label(`port ${port} reachable`), port, location, ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}) });
        return;
      }
      case 'npm': {
        const packageName = asNonEmptyString(r.npm);
        if (packageName) out.push({ kind, name: label(`npm package ${packageName} installed`), packageName, location });
        return;
      }
    }
  });
  return out;
}
