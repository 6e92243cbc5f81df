/** Writes dashboards/json/*.json from the definitions: `npm run dashboards`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dashboards, renderDashboard } from './index';

const out = join(dirname(fileURLToPath(import.meta.url)), 'json');
mkdirSync(out, { recursive: true });
for (const { file, spec } of dashboards) {
  writeFileSync(join(out, file), renderDashboard(spec));
  console.log(`dashboards/json/${file}  ${spec.title}  (${spec.panels.length} panels)`);
}
