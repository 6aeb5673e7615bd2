import * as path from 'node:path';
import type { Epic } from '../model/workspace';
import type { ParsedConfigFile } from './configFile';
import { type DiagnosticSink, locationOf } from './diagnosticSink';
import { asArray, asNonEmptyString, asRecord, asString, asStringList } from '../util/lenient';
import type { RangedSource } from './rangedSource';

/** Builds epics; duplicate ids across files are errors. */
export function resolveEpics(files: readonly ParsedConfigFile[], root: string, sink: DiagnosticSink): Map<string, { epic: Epic; source: RangedSource }> {
  const epics = new Map<string, { epic: Epic; source: RangedSource }>();
  const declared = new Map<string, { epic: Epic; source: RangedSource }[]>();
  for (const file of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    const source = file.source;
    const body = asRecord(asRecord(source?.data)?.epic);
    const id = asNonEmptyString(body?.id);
    if (!source || !body || !id) continue;
    const epic: Epic = {
      id,
      file: file.file,
      title: asString(body.title) ?? id,
      features: asArray(body.features).map((f) => asString(f) ?? asString(asRecord(f)?.title) ?? asString(asRecord(f)?.id) ?? '').filter(Boolean),
      sprints: asStringList(body.sprints),
      dependencies: asStringList(body.dependencies),
      location: locationOf(source, ['epic', 'id']),
    };
    const entry = { epic, source };
    declared.set(id, [...(declared.get(id) ?? []), entry]);
    if (!epics.has(id)) epics.set(id, entry);
  }
  for (const [id, list] of declared) {
    if (list.length < 2) continue;
    for (const e of list) {
      const others = list.filter((o) => o !== e).map((o) => path.relative(root, o.epic.file)).join(', ');
      sink.add(e.source, ['epic', 'id'], 'error', 'duplicate-epic-id', `Epic id \`${id}\` is also used by ${others}. Give each epic its own id.`);
    }
  }
  return epics;
}
