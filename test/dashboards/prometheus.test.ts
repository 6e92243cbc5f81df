import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from '../../dashboards/builder';
import { dashboards, renderDashboard } from '../../dashboards/index';
import { configSchema } from '../../src/config/schema';
import { startDemoFleet, type DemoFleet } from '../../src/demo/fleet';
import { createToken } from '../../src/auth/tokens';
import { createLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { freeUdpPort, sleep } from '../lab';
import { itWith, missing } from '../support/requirements';
import { startSnmpd, type Snmpd } from '../support/snmpd';
import { EVENT_ONLY_METRICS, EVENT_ONLY_QUERIES } from './event-only';
import { startPrometheus, type Prometheus, type PromSeries } from './prometheus';
import { metricNames, parseVariableQuery, queriesOf, substitute, variableQuery, variablesOf } from './promql';
import { testDatabase } from '../support/database';

const needs = { commands: ['prometheus', 'snmpd', 'snmpget', 'snmptrap'] };
const run = itWith(needs);
const root = join(import.meta.dirname, '../..');
/**
 * As Grafana computes them for a 1 s scrape interval (the datasource's timeInterval) and a 1 s step:
 * $__rate_interval = max(4 × scrape interval, $__interval + scrape interval), which spans two polls (every 2 s).
 */
const SCRAPE_SECONDS = 1;
const STEP_SECONDS = 1;
const RATE_INTERVAL = `${Math.max(4 * SCRAPE_SECONDS, STEP_SECONDS + SCRAPE_SECONDS)}s`;
const TRAP_COMMUNITY = 'public';

interface Env {
  snmpd: Snmpd;
  fleet: DemoFleet;
  yunet: Yunet;
  /** Scrapes with dashboards/prometheus/yunet-scrape.yml (what the dashboards are run against). */
  prom: Prometheus;
  /** Scrapes with dashboards/prometheus/yunet-scrape-per-device.yml. */
  perDevice: Prometheus;
  dbDir: string;
  startedAt: number;
}
let env: Env | null = null;

/** Alert rule files in alerts/ (not their promtool tests), so that ALERTS exists as it does in production. */
function alertRuleFiles(): string[] {
  const dir = join(root, 'alerts');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  } catch {
    return [];
  }
  return files.map((f) => join(dir, f)).filter((f) => Array.isArray((parse(readFileSync(f, 'utf8')) as { groups?: unknown } | null)?.groups));
}

/**
 * The README's scrape config as shipped, pointed at this yunet and sped up to 1 s; the per-device form
 * gets the inventory's device names as its targets.
 */
function shippedScrapeConfigs(file: string, address: string, devices: string[]): object[] {
  const text = readFileSync(join(root, 'dashboards/prometheus', file), 'utf8').replaceAll('yunet.example:9470', address);
  const { scrape_configs } = parse(text) as { scrape_configs: Record<string, unknown>[] };
  return scrape_configs.map((c) => ({
    ...c,
    scrape_interval: `${SCRAPE_SECONDS}s`,
    scrape_timeout: `${SCRAPE_SECONDS}s`,
    ...(c.job_name === 'yunet-devices' ? { static_configs: [{ targets: devices }] } : {}),
  }));
}

function trap(port: number, oid: string, varbinds: string[], from = '127.0.0.1'): void {
  execFileSync('snmptrap', ['-v2c', '-c', TRAP_COMMUNITY, `--clientaddr=${from}`, `127.0.0.1:${port}`, '', oid, ...varbinds], { env: { ...process.env, MIBS: '' }, stdio: 'pipe' });
}

/** What an attacker and a flaky network do: traps of each kind, one from an unknown address, wrong communities. */
function provoke(trapPort: number, snmpdPort: number): void {
  trap(trapPort, '1.3.6.1.6.3.1.1.5.3', ['1.3.6.1.2.1.2.2.1.1.1', 'i', '1', '1.3.6.1.2.1.2.2.1.8.1', 'i', '2']);
  trap(trapPort, '1.3.6.1.6.3.1.1.5.5', []);
  trap(trapPort, '1.3.6.1.4.1.9.9.43.2.0.1', []);
  trap(trapPort, '1.3.6.1.6.3.1.1.5.1', [], '127.0.0.2');
  for (let i = 0; i < 3; i++) {
    try {
      execFileSync('snmpget', ['-v2c', '-c', 'guessed-community', '-t', '0.1', '-r', '0', `127.0.0.1:${snmpdPort}`, '1.3.6.1.2.1.1.5.0'], { env: { ...process.env, MIBS: '' }, stdio: 'pipe' });
    } catch {
      /* no answer is the point */
    }
  }
}

async function setup(): Promise<Env> {
  const dbDir = mkdtempSync(join(tmpdir(), 'yn-dash-db-'));
  const snmpd = await startSnmpd(['rocommunity public 127.0.0.1', 'sysName yn-dash-linux', 'sysLocation yunet dashboards test']);
  const [trapPort, deadPort] = [await freeUdpPort(), await freeUdpPort()];
  const base = configSchema.parse({
    http: { port: 0, host: '127.0.0.1' },
    database: await testDatabase(join(dbDir, 'yunet.db')),
    // A timeout well above what a busy CI machine needs, so that no live device misses a poll; the dead one costs 1 s.
    polling: { schedule: '*/2 * * * * *', timeout_ms: 1000, retries: 0, backoff_after: 100 },
    credentials: { 'yn-dash-public': { version: '2c', community: 'public' } },
    // Beside the demo fleet: a real net-snmp agent (Linux host, SNMP and USM counters) and a device that never answers.
    devices: [
      { name: 'yn-dash-linux', address: '127.0.0.1', port: snmpd.port, credential: 'yn-dash-public' },
      { name: 'yn-dash-dead', address: '127.0.0.1', port: deadPort, credential: 'yn-dash-public' },
    ],
    traps: { port: trapPort, address: '127.0.0.1' },
  });
  const fleet = await startDemoFleet(base);
  const yunet = await createYunet({ config: fleet.config, demo: true, log: createLogger('warn') });
  const port = await yunet.listen();

  const token = await createToken(yunet.ctx.db, 'yn-dash-security', 'security');
  const now = Date.now();
  const res = await yunet.app.request('/api/drills', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: '粤盾-2026', starts_at: new Date(now - 3600_000).toISOString(), ends_at: new Date(now + 3600_000).toISOString(), notes: 'dashboards test' }),
  });
  if (res.status !== 201) throw new Error(`creating the drill answered ${res.status}: ${await res.text()}`);

  const address = `127.0.0.1:${port}`;
  const names = fleet.config.devices.map((x) => x.name);
  const [prom, perDevice] = await Promise.all([
    startPrometheus({ scrapeConfigs: shippedScrapeConfigs('yunet-scrape.yml', address, names), ruleFiles: alertRuleFiles() }),
    startPrometheus({ scrapeConfigs: shippedScrapeConfigs('yunet-scrape-per-device.yml', address, names) }),
  ]);
  const startedAt = Date.now() / 1000;
  const scraped = async (what: string, expr: string) => {
    const until = Date.now() + 30_000;
    while (!(await prom.query(expr)).length) {
      if (Date.now() > until) throw new Error(`Prometheus never saw ${what} (${expr}) within 30 s; its log:\n${prom.output()}`);
      await sleep(250);
    }
  };
  // Prometheus counts a counter from the first value it scrapes: provoke once it scrapes, and again after.
  await scraped('yunet', 'up{job="yunet"} == 1');
  provoke(trapPort, snmpd.port);
  await scraped('the first traps', 'sum(yunet_snmp_traps_total) >= 3');
  provoke(trapPort, snmpd.port);
  await scraped('the second traps and five poll cycles', 'sum(yunet_snmp_traps_total) >= 6 and on() yunet_poll_cycle_duration_seconds_count >= 5');
  await sleep(2000);
  return { snmpd, fleet, yunet, prom, perDevice, dbDir, startedAt };
}

const hasFinite = (s: PromSeries[]) => s.some((x) => [...(x.values ?? []), ...(x.value ? [x.value] : [])].some(([, v]) => Number.isFinite(Number(v))));

type Vars = Record<string, string>;

describe('dashboards on a real Prometheus that scraped yunet (demo fleet, a real snmpd, a dead device)', () => {
  beforeAll(async () => {
    if (missing(needs)) return;
    env = await setup();
  }, 90_000);

  afterAll(async () => {
    if (!env) return;
    await env.prom.stop();
    await env.perDevice.stop();
    await env.yunet.close();
    await env.fleet.close();
    env.snmpd.stop();
    rmSync(env.dbDir, { recursive: true, force: true });
  });

  const intervals = () => ({ rate: RATE_INTERVAL, interval: `${STEP_SECONDS}s`, range: `${Math.ceil(Date.now() / 1000 - env!.startedAt) + 5}s` });

  async function labelValues(selector: string | null, label: string, vars: Vars): Promise<string[]> {
    const params: Record<string, string> = { start: String(env!.startedAt - 60), end: String(Date.now() / 1000) };
    if (selector) params['match[]'] = substitute(selector, vars, intervals());
    return env!.prom.get<string[]>(`/api/v1/label/${label}/values`, params);
  }

  /** true when the query gives at least one finite value, false when nothing, the error text when Prometheus refuses it. */
  async function returnsData(expr: string, instant: boolean, vars: Vars): Promise<boolean | string> {
    const q = substitute(expr, vars, intervals());
    const now = Date.now() / 1000;
    try {
      return hasFinite(instant ? await env!.prom.query(q) : await env!.prom.queryRange(q, env!.startedAt, now, STEP_SECONDS));
    } catch (e) {
      return (e as Error).message;
    }
  }

  /**
   * Values for a dashboard's variables as a user would pick them: "All" where offered, else the value
   * (among what the variable's query lists) under which the most panels show data.
   */
  async function resolveVariables(d: JsonObject): Promise<{ vars: Vars; empty: string[] }> {
    const queries = queriesOf(d);
    type Choice = { vars: Vars; score: number; empty: string[] };
    const walk = async (rest: JsonObject[], vars: Vars, empty: string[]): Promise<Choice> => {
      if (!rest.length) {
        let score = 0;
        for (const q of queries) if ((await returnsData(q.expr, q.instant, vars)) === true) score++;
        return { vars, score, empty };
      }
      const [v, ...tail] = rest;
      const name = String(v.name);
      if (v.type === 'datasource') return walk(tail, { ...vars, [name]: 'prometheus' }, empty);
      const parsed = parseVariableQuery(variableQuery(v));
      const values =
        parsed.kind === 'label_values'
          ? await labelValues(parsed.selector, parsed.label, vars)
          : (await env!.prom.query(substitute(parsed.expr, vars, intervals()))).map((s) => JSON.stringify(s.metric));
      const nowEmpty = values.length ? empty : [...empty, `${d.uid}: variable $${name} (${variableQuery(v)}) with ${JSON.stringify(vars)} lists nothing`];
      if (v.includeAll) return walk(tail, { ...vars, [name]: String(v.allValue) }, nowEmpty);
      let best: Choice | null = null;
      for (const value of values.slice(0, 12)) {
        const r = await walk(tail, { ...vars, [name]: value }, nowEmpty);
        if (!best || r.score > best.score || (r.score === best.score && r.empty.length < best.empty.length)) best = r;
      }
      return best ?? walk(tail, { ...vars, [name]: '' }, nowEmpty);
    };
    const r = await walk(variablesOf(d), {}, []);
    return { vars: r.vars, empty: r.empty };
  }

  run('scrape yunet for every metric the dashboards read (or it is listed as event-only)', async () => {
    const present = new Set(await env!.prom.get<string[]>('/api/v1/label/__name__/values'));
    const unknown: string[] = [];
    for (const { spec } of dashboards) {
      const d = JSON.parse(renderDashboard(spec)) as JsonObject;
      const exprs = [
        ...queriesOf(d).map((q) => ({ where: q.where, expr: q.expr })),
        ...variablesOf(d).filter((v) => v.type === 'query').map((v) => ({ where: `variable $${v.name}`, expr: variableQuery(v) })),
      ];
      for (const { where, expr } of exprs) {
        const names = metricNames(expr.replace(/^\s*label_values\((.*),\s*\w+\)\s*$/, '$1'));
        expect(names.length, `${spec.uid}: ${where} reads no metric: ${expr}`).toBeGreaterThan(0);
        for (const n of names) if (!present.has(n) && !(n in EVENT_ONLY_METRICS)) unknown.push(`${spec.uid}: ${where}: ${n}`);
      }
    }
    expect(unknown, 'metrics the dashboards read that Prometheus never got from yunet').toEqual([]);
  });

  run('apply rate() and increase() only to counters, as Prometheus knows their types from yunet', async () => {
    const metadata = await env!.prom.get<Record<string, { type: string }[]>>('/api/v1/metadata');
    const typeOf = (name: string) => (metadata[name] ?? metadata[name.replace(/_(sum|count|bucket)$/, '')])?.[0]?.type;
    const wrong: string[] = [];
    for (const { spec } of dashboards)
      for (const q of queriesOf(JSON.parse(renderDashboard(spec)) as JsonObject))
        for (const m of q.expr.matchAll(/\b(rate|irate|increase)\(\s*([a-zA-Z_:][\w:]*)/g))
          if (!['counter', 'histogram'].includes(typeOf(m[2]) ?? '')) wrong.push(`${spec.uid}: ${q.where}: ${m[1]}(${m[2]}) but ${m[2]} is a ${typeOf(m[2])}`);
    expect(wrong).toEqual([]);
  });

  run('show data in every panel, annotation and variable (except the event-only ones)', async () => {
    const noData: string[] = [];
    for (const { spec } of dashboards) {
      const d = JSON.parse(renderDashboard(spec)) as JsonObject;
      const { vars, empty } = await resolveVariables(d);
      noData.push(...empty);
      for (const q of queriesOf(d)) {
        const key = `${spec.uid}: ${q.where}`;
        if (key in EVENT_ONLY_QUERIES) continue;
        const r = await returnsData(q.expr, q.instant, vars);
        if (r !== true) noData.push(`${key} with ${JSON.stringify(vars)}: ${r === false ? substitute(q.expr, vars, intervals()) : r}`);
      }
    }
    expect(noData, 'queries without data').toEqual([]);
  });

  run('store every family once with the per-device scrape config, each device its own target', async () => {
    const p = env!.perDevice;
    const devices = env!.fleet.config.devices.map((d) => d.name).sort();
    const targets = await p.query('up{job="yunet-devices"} == 1');
    expect(targets.map((t) => t.metric.instance).sort()).toEqual(devices);
    // Device families come only from the per-device job, yunet's own only from /metrics.
    const namesOf = async (job: string) => new Set((await p.query(`count by (__name__) ({job="${job}"})`)).map((x) => x.metric.__name__));
    const self = await namesOf('yunet');
    const perDevice = await namesOf('yunet-devices');
    const prometheusOwn = (n: string) => n === 'up' || n.startsWith('scrape_') || n.startsWith('ALERTS');
    expect([...self].filter((n) => perDevice.has(n) && !prometheusOwn(n)), 'families stored twice: extend the drop regex').toEqual([]);
    // Nothing is lost against the one-target config.
    const all = new Set((await env!.prom.query('count by (__name__) ({job="yunet"})')).map((x) => x.metric.__name__));
    expect([...all].filter((n) => !prometheusOwn(n) && !self.has(n) && !perDevice.has(n)), 'families lost by the per-device config').toEqual([]);
  });

  run('give data links the fields they open the device detail with', async () => {
    const missingField: string[] = [];
    for (const { spec } of dashboards) {
      const d = JSON.parse(renderDashboard(spec)) as JsonObject;
      const { vars } = await resolveVariables(d);
      for (const p of spec.panels) {
        const fields = (p.links ?? []).flatMap((l) => [...l.url.matchAll(/__data\.fields\.(\w+)/g)].map((m) => m[1]));
        if (!fields.length) continue;
        for (const t of p.targets) {
          const result = await env!.prom.query(substitute(t.expr, vars, intervals()));
          for (const f of fields) if (result.some((r) => !(f in r.metric))) missingField.push(`${spec.uid}: "${p.title}": ${t.expr} gives rows without ${f}`);
        }
      }
    }
    expect(missingField).toEqual([]);
  });

  run('list as event-only only queries and metrics that exist in the dashboards', () => {
    const keys = new Set<string>();
    const names = new Set<string>();
    for (const { spec } of dashboards) {
      const d = JSON.parse(renderDashboard(spec)) as JsonObject;
      for (const q of queriesOf(d)) {
        keys.add(`${spec.uid}: ${q.where}`);
        for (const n of metricNames(q.expr)) names.add(n);
      }
    }
    for (const k of Object.keys(EVENT_ONLY_QUERIES)) expect(keys, k).toContain(k);
    for (const n of Object.keys(EVENT_ONLY_METRICS)) expect(names, n).toContain(n);
  });
});
