import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { sprintYaml } from '../../../bench/generateWorkspace';
import { SCHEMA_BY_KIND } from '../../../src/engine/config/configFile';
import { precheckOf } from '../../../src/engine/config/schemaPrecheck';
import { task } from '../../../src/engine/model/sprintSchema';
import { parse } from 'yaml';

/** Values shaped like tasks, often valid, often a little off. */
const leaf = fc.oneof(
  fc.constantFrom('a', 't1', 'high', 'hgh', '', 'x..y', '-bad', 'dev0', 'critical', 'low'),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -3, max: 12 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(2 ** 60),
);
const key = fc.constantFrom(...Object.keys(task.shape), 'prority', 'x', 'item', 'verify', 'validator', 'items', 'equals', 'in', '__proto__');
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 6 })),
}));

describe('schema precheck', () => {
  it('never calls a value valid that zod rejects (every file schema)', () => {
    for (const schema of [task, ...Object.values(SCHEMA_BY_KIND)]) {
      const check = precheckOf(schema);
      fc.assert(fc.property(value, (v) => {
        if (check(v)) assert.ok(schema.safeParse(v).success, JSON.stringify(v));
      }), { numRuns: 3000, seed: 7 });
    }
  });

  it('accepts the valid tasks of a generated sprint, so zod runs only for the broken ones', () => {
    const tasks = (parse(sprintYaml(400, 8)) as { sprint: { tasks: unknown[] } }).sprint.tasks;
    const check = precheckOf(task);
    const passed = tasks.filter(check).length;
    const valid = tasks.filter((t) => task.safeParse(t).success).length;
    assert.equal(passed, valid);
    assert.ok(valid > 380);
  });

  it('asks zod about anything it does not model', () => {
    const refined = z.string().refine((s) => s.length > 2);
    assert.equal(precheckOf(refined)('abcd'), false);
    assert.equal(precheckOf(z.record(z.string(), z.number()))({ a: 1 }), false);
    assert.equal(precheckOf(z.number().multipleOf(2))(4), false);
  });
});
