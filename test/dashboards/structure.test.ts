import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { SCHEMA_VERSION, type Json, type JsonObject } from '../../dashboards/builder';
import { dashboards, renderDashboard } from '../../dashboards/index';
import { itWith } from '../support/requirements';
import { panelsOf, parseVariableQuery, queriesOf, referencedVariables, substitute, variableQuery, variablesOf } from './promql';

const dir = join(import.meta.dirname, '../../dashboards');
const files = readdirSync(join(dir, 'json')).filter((f) => f.endsWith('.json'));
const loaded = files.map((file) => ({ file, text: readFileSync(join(dir, 'json', file), 'utf8'), json: JSON.parse(readFileSync(join(dir, 'json', file), 'utf8')) as JsonObject }));
const obj = (v: Json | undefined): JsonObject => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/** Grafana URLs and bookmarks depend on these: changing one is a breaking change, not a refactor. */
const STABLE_UIDS: Record<string, string> = {
  'network-overview.json': 'yunet-overview',
  'device-detail.json': 'yunet-device',
  'dualstack-readiness.json': 'yunet-dualstack',
  'field-buildout.json': 'yunet-field',
  'drill-board.json': 'yunet-drill',
};
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const cjkAndLatin = (s: string) => /[\u4e00-\u9fff]/.test(s) && /[A-Za-z]{3}/.test(s);

describe('dashboard files', () => {
  it('are exactly what the builder generates (run `npm run dashboards` after editing a definition)', () => {
    expect(files.sort()).toEqual(dashboards.map((d) => d.file).sort());
    for (const { file, spec } of dashboards) expect(readFileSync(join(dir, 'json', file), 'utf8'), file).toBe(renderDashboard(spec));
  });

  it('keep their stable uids, unique, and a pinned schemaVersion', () => {
    expect(Object.fromEntries(loaded.map((d) => [d.file, d.json.uid]))).toEqual(STABLE_UIDS);
    for (const { file, json } of loaded) {
      expect(json.schemaVersion, file).toBe(SCHEMA_VERSION);
      expect(json.id, `${file}: no database id in a provisioned file`).toBeUndefined();
    }
  });

  it('have Chinese and English titles and a description', () => {
    for (const { file, json } of loaded) {
      expect(cjkAndLatin(String(json.title)), `${file}: title "${json.title}"`).toBe(true);
      expect(String(json.description).length, file).toBeGreaterThan(20);
    }
  });

  it('pick the data source through a datasource variable, never ${DS_PROMETHEUS}', () => {
    for (const { file, text, json } of loaded) {
      expect(text, file).not.toMatch(/DS_PROMETHEUS|__inputs/);
      const ds = variablesOf(json).find((v) => v.type === 'datasource');
      expect(ds, `${file}: datasource variable`).toMatchObject({ name: 'datasource', query: 'prometheus' });
      for (const v of variablesOf(json).filter((x) => x.type === 'query')) expect(v.datasource, `${file}: variable ${v.name}`).toEqual(DATASOURCE);
      for (const a of arr(obj(json.annotations).list).map(obj).filter((x) => x.expr)) expect(a.datasource, `${file}: annotation ${a.name}`).toEqual(DATASOURCE);
    }
  });

  it('give every panel and target the datasource variable, and every panel a unit, a description and a query', () => {
    for (const { file, json } of loaded) {
      const ids = new Set<Json>();
      for (const p of panelsOf(json)) {
        const where = `${file}: panel "${p.title}"`;
        expect(p.datasource, where).toEqual(DATASOURCE);
        expect(cjkAndLatin(String(p.title)), `${where}: title in Chinese and English`).toBe(true);
        expect(String(p.description ?? '').length, `${where}: description`).toBeGreaterThan(15);
        const unit = obj(obj(p.fieldConfig).defaults).unit;
        expect(typeof unit === 'string' && unit.length > 0, `${where}: unit`).toBe(true);
        const targets = arr(p.targets).map(obj);
        expect(targets.length, `${where}: targets`).toBeGreaterThan(0);
        for (const t of targets) {
          expect(t.datasource, `${where} ${t.refId}`).toEqual(DATASOURCE);
          expect(String(t.expr).trim().length, `${where} ${t.refId}: expr`).toBeGreaterThan(0);
        }
        expect(new Set(targets.map((t) => t.refId)).size, `${where}: unique refIds`).toBe(targets.length);
        expect(ids.has(p.id ?? null), `${where}: unique id`).toBe(false);
        ids.add(p.id ?? null);
      }
    }
  });

  it('lay panels out on the 24-column grid without overlaps', () => {
    for (const { file, json } of loaded) {
      const cells = new Set<string>();
      for (const p of panelsOf(json)) {
        const { x, y, w, h } = obj(p.gridPos) as { x: number; y: number; w: number; h: number };
        expect(x + w, `${file}: ${p.title}`).toBeLessThanOrEqual(24);
        for (let i = x; i < x + w; i++)
          for (let j = y; j < y + h; j++) {
            expect(cells.has(`${i},${j}`), `${file}: ${p.title} overlaps at ${i},${j}`).toBe(false);
            cells.add(`${i},${j}`);
          }
      }
    }
  });

  it('define every variable an expression uses, with queries Grafana understands, and use every variable they define', () => {
    for (const { file, json, text } of loaded) {
      const defined = variablesOf(json).map((v) => String(v.name));
      for (const v of variablesOf(json).filter((x) => x.type === 'query')) {
        const q = variableQuery(v);
        expect(q, `${file}: definition of ${v.name}`).toBe(v.definition);
        const parsed = parseVariableQuery(q);
        if (parsed.kind === 'label_values') expect(parsed.selector, `${file}: ${v.name} names a metric`).not.toBeNull();
        // A variable may only use the ones defined before it (Grafana resolves them in order).
        const before = defined.slice(0, defined.indexOf(String(v.name)));
        for (const r of referencedVariables(q)) expect(before, `${file}: ${v.name} uses $${r}`).toContain(r);
      }
      for (const q of queriesOf(json)) for (const r of referencedVariables(q.expr)) expect(defined, `${file}: ${q.where} uses $${r}`).toContain(r);
      for (const name of defined) expect(text.includes(`$${name}`) || text.includes(`\${${name}}`), `${file}: $${name} is used`).toBe(true);
    }
  });

  it('link overview and device detail both ways, and only to dashboards that exist with variables they define', () => {
    const byUid = new Map(loaded.map((d) => [String(d.json.uid), d.json]));
    const links = (d: JsonObject) => [
      ...arr(d.links).map((l) => String(obj(l).url)),
      ...panelsOf(d).flatMap((p) => arr(obj(obj(p.fieldConfig).defaults).links).map((l) => String(obj(l).url))),
    ];
    for (const { file, json } of loaded)
      for (const url of links(json)) {
        const m = /^\/d\/([\w-]+)(?:\?(.*))?$/.exec(url);
        expect(m, `${file}: link ${url}`).not.toBeNull();
        const target = byUid.get(m![1]);
        expect(target, `${file}: link to ${m![1]}`).toBeDefined();
        const vars = variablesOf(target!).map((v) => String(v.name));
        for (const [k] of new URLSearchParams(m![2] ?? '')) if (k.startsWith('var-')) expect(vars, `${file}: ${url}`).toContain(k.slice(4));
      }
    const overview = byUid.get('yunet-overview')!;
    const device = byUid.get('yunet-device')!;
    expect(links(overview).some((u) => u.startsWith('/d/yunet-device?') && u.includes('var-device='))).toBe(true);
    expect(links(device)).toContain('/d/yunet-overview');
  });

  itWith({ commands: ['promtool'] })('have expressions that parse as PromQL (promtool check rules)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'yn-dash-rules-'));
    try {
      const rules: { record: string; expr: string }[] = [];
      for (const { json } of loaded) {
        const vars = Object.fromEntries(variablesOf(json).map((v) => [String(v.name), 'x']));
        const all = [...queriesOf(json).map((q) => q.expr), ...variablesOf(json).filter((v) => v.type === 'query').map((v) => {
          const p = parseVariableQuery(variableQuery(v));
          return p.kind === 'label_values' ? p.selector! : p.expr;
        })];
        for (const expr of all) rules.push({ record: `yunet:dashboard_check:${rules.length}`, expr: substitute(expr, vars, { rate: '5m', interval: '1m', range: '1h' }) });
      }
      const file = join(tmp, 'rules.yml');
      writeFileSync(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
      const out = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(out).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('provisioning', () => {
  it('has a Prometheus datasource and a file provider for the generated dashboards', () => {
    const ds = parse(readFileSync(join(dir, 'provisioning/datasources/yunet.yml'), 'utf8')) as { apiVersion: number; datasources: { type: string; url: string; uid: string; jsonData: { timeInterval: string } }[] };
    expect(ds.apiVersion).toBe(1);
    expect(ds.datasources).toHaveLength(1);
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', uid: 'yunet-prometheus' });
    expect(ds.datasources[0].jsonData.timeInterval).toMatch(/^\d+[smh]$/);
    const prov = parse(readFileSync(join(dir, 'provisioning/dashboards/yunet.yml'), 'utf8')) as { apiVersion: number; providers: { type: string; options: { path: string } }[] };
    expect(prov.apiVersion).toBe(1);
    expect(prov.providers[0].type).toBe('file');
    expect(prov.providers[0].options.path).toMatch(/^\//);
  });

  it('is explained in the README with the scrape configs', () => {
    const readme = readFileSync(join(dir, '../README.md'), 'utf8');
    for (const f of ['dashboards/provisioning/datasources/yunet.yml', 'dashboards/provisioning/dashboards/yunet.yml', 'dashboards/prometheus/yunet-scrape.yml', 'dashboards/prometheus/yunet-scrape-per-device.yml', 'dashboards/prometheus/yunet-scrape-cluster.yml', 'dashboards/prometheus/yunet-remote-write-victoriametrics.yml'])
      expect(readme, f).toContain(f);
  });

  itWith({ commands: ['promtool'] })('ships scrape configs that promtool accepts', () => {
    for (const f of ['yunet-scrape.yml', 'yunet-scrape-per-device.yml', 'yunet-scrape-cluster.yml', 'yunet-remote-write-victoriametrics.yml']) execFileSync('promtool', ['check', 'config', join(dir, 'prometheus', f)], { stdio: 'pipe' });
  });
});
