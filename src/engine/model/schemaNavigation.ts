import { z } from 'zod';

/**
 * Walks zod schemas by data path. The loader uses it for "did you mean" on unknown keys;
 * the language server for completion and hover of keys — both straight from the one schema.
 */
type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: AnySchema[];
  innerType?: AnySchema;
  valueType?: AnySchema;
  entries?: Record<string, string>;
  catchall?: AnySchema;
}

function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

/** Strips optional/default/nullable wrappers. */
export function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) s = def.innerType;
    else return s;
  }
}

/** The object schemas a value at this schema may be (through unions). */
export function objectVariants(schema: AnySchema): AnySchema[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'object') return [s];
  if (def.type === 'union' && def.options) return def.options.flatMap(objectVariants);
  return [];
}

/** The schema of the value at `path` under `root`, or undefined when the path leaves the schema. */
export function schemaAt(root: AnySchema, path: readonly (string | number)[]): AnySchema | undefined {
  let current: AnySchema | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    current = childSchema(current, segment);
  }
  return current;
}

function childSchema(schema: AnySchema, segment: string | number): AnySchema | undefined {
  const s = unwrap(schema);
  const def = defOf(s);
  switch (def.type) {
    case 'object':
      return typeof segment === 'string' ? def.shape?.[segment] : undefined;
    case 'array':
      return typeof segment === 'number' ? def.element : undefined;
    case 'record':
      return def.valueType;
    case 'union':
      for (const option of def.options ?? []) {
        const child = childSchema(option, segment);
        if (child) return child;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The keys an object at this schema may have, with their descriptions. */
export function allowedKeys(schema: AnySchema): Map<string, string | undefined> {
  const keys = new Map<string, string | undefined>();
  for (const variant of objectVariants(schema)) {
    for (const [key, child] of Object.entries(defOf(variant).shape ?? {})) {
      if (!keys.has(key)) keys.set(key, describe(child));
    }
  }
  return keys;
}

/** The enum values a value at this schema may take (through unions), if it is an enum. */
export function enumValues(schema: AnySchema): string[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'enum' && def.entries) return Object.values(def.entries);
  if (def.type === 'union') return (def.options ?? []).flatMap(enumValues);
  if (def.type === 'array' && def.element) return enumValues(def.element);
  return [];
}

/** The description given with `.describe()`, looking through wrappers. */
export function describe(schema: AnySchema): string | undefined {
  let s: AnySchema | undefined = schema;
  while (s) {
    const meta = z.globalRegistry.get(s as z.ZodType);
    if (meta?.description) return meta.description;
    const def = defOf(s);
    s = def.innerType;
  }
  return undefined;
}
