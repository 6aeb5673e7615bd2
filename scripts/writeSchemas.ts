// Writes the JSON Schemas of Baton's file kinds to schemas/, from the zod schemas that are
// the single source of truth. Editors (and yaml-language-server) can use them; `--check`
// fails when the committed files are stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { agentFrontmatterSchema } from '../src/engine/model/agentSchema';
import { epicFileSchema } from '../src/engine/model/epicSchema';
import { codexAgentSchema, vscodeAgentSchema } from '../src/engine/model/foreignAgentSchemas';
import { sprintFileSchema } from '../src/engine/model/sprintSchema';
import { teamsFileSchema } from '../src/engine/model/teamsSchema';

const outDir = path.join(__dirname, '..', 'schemas');
const schemas: Record<string, z.ZodType> = {
  'teams.schema.json': teamsFileSchema,
  'sprint.schema.json': sprintFileSchema,
  'epic.schema.json': epicFileSchema,
  'agent-frontmatter.schema.json': agentFrontmatterSchema,
  'vscode-agent-frontmatter.schema.json': vscodeAgentSchema,
  'codex-agent.schema.json': codexAgentSchema,
};

const check = process.argv.includes('--check');
let stale = 0;
fs.mkdirSync(outDir, { recursive: true });
for (const [file, schema] of Object.entries(schemas)) {
  const json = JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' }), null, 2) + '\n';
  const target = path.join(outDir, file);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current === json) continue;
  if (check) {
    console.error(`schemas/${file} is stale: run \`npm run schemas\``);
    stale++;
  } else {
    fs.writeFileSync(target, json);
    console.log(`wrote schemas/${file}`);
  }
}
if (stale) process.exitCode = 1;
