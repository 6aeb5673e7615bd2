import type { ConfigFileKind } from '../engine/config/configFile';
import type { YamlPath } from '../engine/config/rangedSource';

/** What a name in a Baton file refers to. Task ids are scoped to their sprint file. */
export type SymbolKind = 'agent' | 'team' | 'task' | 'event' | 'sprint' | 'epic';

/** A path pattern: `*` matches any map key, `#` any sequence index. */
export type PathPattern = readonly (string | number)[];

export interface ReferencePattern {
  kind: SymbolKind;
  file: ConfigFileKind;
  pattern: PathPattern;
  /** The name is the text before the first `.` (a condition `<task>.<outcome>`). */
  prefix?: boolean;
}

const T = ['sprint', 'tasks', '#'] as const;

/**
 * Every place a Baton file refers to an agent, team, task, event, sprint or epic by name. The
 * loader checks these references; the language server completes, navigates and renames them.
 */
export const REFERENCE_PATTERNS: readonly ReferencePattern[] = [
  { kind: 'agent', file: 'teams', pattern: ['teams', '*', 'orchestrator'] },
  { kind: 'agent', file: 'teams', pattern: ['teams', '*', 'orchestrator', 'agent'] },
  { kind: 'agent', file: 'teams', pattern: ['teams', '*', 'members', '#'] },
  { kind: 'agent', file: 'teams', pattern: ['teams', '*', 'members', '#', 'agent'] },
  { kind: 'event', file: 'teams', pattern: ['teams', '*', 'subscriptions', '#'] },
  { kind: 'event', file: 'teams', pattern: ['teams', '*', 'subscriptions', '#', 'event'] },
  { kind: 'agent', file: 'teams', pattern: ['teams', '*', 'subscriptions', '#', 'task', 'assignee'] },
  { kind: 'agent', file: 'sprint', pattern: ['sprint', 'primary_agent'] },
  { kind: 'agent', file: 'sprint', pattern: ['sprint', 'reviewer_agents', '#'] },
  { kind: 'agent', file: 'sprint', pattern: [...T, 'assignee'] },
  { kind: 'agent', file: 'sprint', pattern: [...T, 'reviewers', '#'] },
  { kind: 'agent', file: 'sprint', pattern: [...T, 'validation', 'validator'] },
  { kind: 'agent', file: 'sprint', pattern: ['sprint', 'phases', '#', 'agent'] },
  { kind: 'agent', file: 'sprint', pattern: ['sprint', 'phases', '#', 'validator'] },
  { kind: 'agent', file: 'sprint', pattern: ['sprint', 'fan_out', 'agent'] },
  { kind: 'agent', file: 'sprint', pattern: ['sprint', 'fan_in', 'agent'] },
  { kind: 'agent', file: 'sprint', pattern: ['sprint', 'conditional_logic', 'analyzer'] },
  { kind: 'agent', file: 'sprint', pattern: ['sprint', 'conditional_logic', 'branches', '#', 'agent'] },
  { kind: 'team', file: 'sprint', pattern: ['sprint', 'teams', '#'] },
  { kind: 'team', file: 'sprint', pattern: [...T, 'team'] },
  { kind: 'team', file: 'sprint', pattern: ['sprint', 'sync_points', '#', 'participants', '#'] },
  { kind: 'task', file: 'sprint', pattern: [...T, 'dependencies', '#'] },
  { kind: 'task', file: 'sprint', pattern: ['sprint', 'sync_points', '#', 'after', '#'] },
  { kind: 'task', file: 'sprint', pattern: ['sprint', 'sync_points', '#', 'before', '#'] },
  { kind: 'task', file: 'sprint', pattern: [...T, 'condition', 'task'] },
  { kind: 'task', file: 'sprint', pattern: [...T, 'condition'], prefix: true },
  { kind: 'epic', file: 'sprint', pattern: ['sprint', 'epic'] },
  { kind: 'sprint', file: 'epic', pattern: ['epic', 'sprints', '#'] },
  { kind: 'epic', file: 'epic', pattern: ['epic', 'dependencies', '#'] },
];

/** Where each kind of name is declared. A team is declared by its key in teams.yaml. */
export const DEFINITION_PATTERNS: readonly ReferencePattern[] = [
  { kind: 'agent', file: 'agent', pattern: ['name'] },
  { kind: 'team', file: 'teams', pattern: ['teams', '*'] },
  { kind: 'task', file: 'sprint', pattern: [...T, 'id'] },
  { kind: 'sprint', file: 'sprint', pattern: ['sprint', 'id'] },
  { kind: 'epic', file: 'epic', pattern: ['epic', 'id'] },
];

/** Whether `path` is an instance of `pattern`. */
export function matchesPattern(path: YamlPath, pattern: PathPattern): boolean {
  if (path.length !== pattern.length) return false;
  for (let i = 0; i < path.length; i++) {
    const p = pattern[i];
    const s = path[i];
    if (p === '*' ? typeof s !== 'string' : p === '#' ? typeof s !== 'number' : p !== s) return false;
  }
  return true;
}

/** The pattern `path` is an instance of, among those for `file`. */
export function patternAt(patterns: readonly ReferencePattern[], file: ConfigFileKind, path: YamlPath): ReferencePattern | undefined {
  return patterns.find((p) => p.file === file && matchesPattern(path, p.pattern));
}

/**
 * Every string value (or, for `*` at the end, every key) in `data` matching `pattern`, with its
 * concrete path. Walks only along the pattern, so a 10,000-task sprint costs one pass per pattern.
 */
export function collectMatches(data: unknown, pattern: PathPattern, visit: (path: YamlPath, name: string) => void): void {
  const walk = (value: unknown, depth: number, path: (string | number)[]): void => {
    if (depth === pattern.length) {
      if (typeof value === 'string' && value.length > 0) visit([...path], value);
      return;
    }
    const segment = pattern[depth]!;
    if (segment === '#') {
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, depth + 1, [...path, i]));
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      if (segment === '*') {
        for (const key of Object.keys(record)) {
          if (depth + 1 === pattern.length) visit([...path, key], key);
          else walk(record[key], depth + 1, [...path, key]);
        }
      } else if (Object.prototype.hasOwnProperty.call(record, segment)) {
        walk(record[segment as string], depth + 1, [...path, segment]);
      }
    }
  };
  walk(data, 0, []);
}
