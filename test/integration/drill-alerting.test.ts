import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { createDrill } from '../../src/drills/store';
import { createLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { cleanupLab, createRouter, foregroundDaemon, freeTcpPort, freeUdpPort, startSnmpd, waitFor, type Daemon } from '../lab/index';
import { itWith, missing } from '../support/requirements';
import { testDatabase } from '../support/database';

/**
 * The whole drill chain with real components: snmpd in a namespace, yunet polling it (one device with a
 * wrong community), Prometheus scraping yunet with the rules of alerts/ (waits shortened), Alertmanager
 * with the example configuration sending to yunet's webhook, and a trap from an address no device has.
 */
const NEEDS = { root: true, commands: ['snmpd', 'snmptrap', 'prometheus', 'prometheus-alertmanager'] };
const it = itWith(NEEDS);
const PREFIX = 'yn-dr';
const SECRET = 'integration-webhook-secret-0123';
const ALERTS = path.resolve(__dirname, '../../alerts');

let dir: string;
let yunet: Yunet;
let token: string;
let drillId: number;
let trapPort: number;
let promPort: number;
let amPort: number;
const daemons: Daemon[] = [];

/** The repository's rules with every `for` set to 0s, so a test does not wait minutes. */
function writeFastRules(to: string): void {
  for (const f of fs.readdirSync(ALERTS).filter((x) => x.endsWith('.rules.yml'))) {
    const doc = parseYaml(fs.readFileSync(path.join(ALERTS, f), 'utf8')) as { groups: { rules: { for?: string }[] }[] };
    for (const g of doc.groups) for (const r of g.rules) if (r.for) r.for = '0s';
    fs.writeFileSync(path.join(to, f), toYaml(doc));
  }
}

/** The example Alertmanager configuration pointed at this yunet, with fast grouping and a drill window that is always open. */
function writeAlertmanagerConfig(to: string, yunetPort: number): void {
  const cfg = parseYaml(fs.readFileSync(path.join(ALERTS, 'alertmanager.yml'), 'utf8')) as {
    route: Record<string, unknown>;
    receivers: { name: string; webhook_configs?: { url: string; http_config: { authorization: { credentials_file?: string } } }[] }[];
    time_intervals: { name: string; time_intervals: Record<string, unknown>[] }[];
  };
  Object.assign(cfg.route, { group_wait: '1s', group_interval: '1s' });
  fs.writeFileSync(path.join(to, 'secret'), SECRET);
  for (const r of cfg.receivers)
    for (const w of r.webhook_configs ?? []) {
      w.url = `http://127.0.0.1:${yunetPort}/api/alerts/webhook`;
      w.http_config.authorization.credentials_file = path.join(to, 'secret');
    }
  cfg.time_intervals = cfg.time_intervals.map((t) => (t.name === 'drill-window' ? { name: t.name, time_intervals: [{ weekdays: ['sunday:saturday'], location: 'Asia/Shanghai' }] } : t));
  fs.writeFileSync(path.join(to, 'alertmanager.yml'), toYaml(cfg));
}

const api = async (url: string) => {
  const res = await yunet.app.request(url, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as { incidents?: { alertname: string; device: string | null; drill_id: number | null; labels: Record<string, string> }[]; events?: { source: string; device: string | null }[] };
};

beforeAll(async () => {
  if (missing(NEEDS)) return;
  await cleanupLab(PREFIX);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-drill-it-'));
  const router = createRouter({ prefix: PREFIX, name: 'r1', ipv4: { root: '198.19.77.1', ns: '198.19.77.2', prefixLength: 30 } });
  daemons.push(await startSnmpd({ ns: router.ns, name: 'r1', config: 'rocommunity public 198.19.77.0/30\nsysName shiji-core\n', endpoints: ['udp:198.19.77.2:161'], dir }));

  const httpPort = await freeTcpPort();
  promPort = await freeTcpPort();
  amPort = await freeTcpPort();
  trapPort = await freeUdpPort();
  const config = configSchema.parse({
    http: { port: httpPort, host: '127.0.0.1' },
    database: await testDatabase(path.join(dir, 'yunet.db')),
    polling: { schedule: '*/2 * * * * *', timeout_ms: 1000, retries: 0 },
    traps: { port: trapPort, address: '127.0.0.1' },
    drills: { webhook_secret: SECRET },
    credentials: { good: { version: '2c', community: 'public' }, stale: { version: '2c', community: 'changed-by-someone' } },
    units: [{ name: '石碁镇政府', town: '石碁镇' }],
    devices: [
      { name: 'shiji-core', address: '198.19.77.2', credential: 'good', unit: '石碁镇政府' },
      { name: 'shiji-core-stale', address: '198.19.77.2', credential: 'stale', unit: '石碁镇政府' },
    ],
  });
  yunet = await createYunet({ config, log: createLogger('error') });
  await yunet.listen();
  token = await createToken(yunet.ctx.db, 'soc', 'security');
  drillId = (await createDrill(yunet.ctx.db, { name: '粤盾-2026', startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3600_000), scopeUnits: null, notes: '' }, 'test')).id;

  const rules = path.join(dir, 'rules');
  fs.mkdirSync(rules);
  writeFastRules(rules);
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    toYaml({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [path.join(rules, '*.yml')],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
      scrape_configs: [{ job_name: 'yunet', static_configs: [{ targets: [`127.0.0.1:${httpPort}`] }] }],
    }),
  );
  writeAlertmanagerConfig(dir, httpPort);
  daemons.push(
    foregroundDaemon('alertmanager', 'prometheus-alertmanager', [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'am')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
    ]),
    foregroundDaemon('prometheus', 'prometheus', [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ]),
  );
});

afterAll(async () => {
  await Promise.all(daemons.map((d) => d.stop()));
  await yunet?.close();
  if (!missing(NEEDS)) await cleanupLab(PREFIX);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('drill alerting end to end', () => {
  it('a device polled with a stale community becomes an incident on the drill timeline', async () => {
    const logs = async () => {
      const get = async (u: string) => (await fetch(u).then((r) => r.text()).catch((e: Error) => e.message)).slice(0, 3000);
      return [
        ...daemons.map((d) => `--- ${d.name}\n${d.output().slice(-2000)}`),
        `--- prometheus alerts\n${await get(`http://127.0.0.1:${promPort}/api/v1/alerts`)}`,
        `--- prometheus targets\n${await get(`http://127.0.0.1:${promPort}/api/v1/targets`)}`,
        `--- alertmanager alerts\n${await get(`http://127.0.0.1:${amPort}/api/v2/alerts`)}`,
      ].join('\n');
    };
    const incident = await waitFor(
      'YunetSnmpCredentialErrors on the timeline',
      async () => (await api('/api/incidents?alertname=YunetSnmpCredentialErrors')).incidents?.[0] ?? null,
      45_000,
      500,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await logs()}`);
    });
    expect(incident).toMatchObject({ device: 'shiji-core-stale', drill_id: drillId });
    expect(incident.labels).toMatchObject({ unit: '石碁镇政府', severity: 'warning', category: 'credentials' });
    // The drill variant with its `and on() yunet_drill_active == 1` comes through the drill route too.
    await waitFor('the drill variant', async () => (await api('/api/incidents?alertname=YunetDeviceUnreachableDuringDrill')).incidents?.[0] ?? null, 20_000, 500);
    // Both devices are the same agent: it counts the stale community in snmpInBadCommunityNames, so the
    // correctly polled device shows the guessing (and, freshly started, a reboot), but it is neither down
    // nor rejecting yunet.
    await waitFor('credential guessing seen by the agent', async () =>
      (await api('/api/incidents?alertname=YunetSnmpAuthFailuresDuringDrill&device=shiji-core')).incidents?.[0] ?? null, 20_000, 500);
    const good = ((await api('/api/incidents?device=shiji-core')).incidents ?? []).map((i) => i.labels.category);
    expect(good).not.toContain('down');
    expect(good).not.toContain('credentials');
  }, 90_000);

  it('a trap from an address no device has shows as an event, in the metric and on the timeline', async () => {
    await promisify(execFile)('snmptrap', ['--clientaddr=127.0.0.2', '-M', '/nonexistent', '-v2c', '-c', 'public', `127.0.0.1:${trapPort}`, '', '1.3.6.1.6.3.1.1.5.1'], {
      env: { ...process.env, MIBS: '' },
    });
    const event = await waitFor('the event', async () => (await api('/api/events?unknown_source=true')).events?.[0] ?? null, 10_000);
    expect(event).toMatchObject({ source: '127.0.0.2', device: null });
    const text = await (await yunet.app.request('/metrics')).text();
    expect(text).toContain('yunet_snmp_traps_unknown_source_total{source="127.0.0.2"} 1');
    const incident = await waitFor(
      'YunetTrapsFromUnknownSourceDuringDrill on the timeline',
      async () => (await api('/api/incidents?alertname=YunetTrapsFromUnknownSourceDuringDrill')).incidents?.[0] ?? null,
      30_000,
      500,
    );
    expect(incident).toMatchObject({ drill_id: drillId });
    expect(incident.labels.source).toBe('127.0.0.2');
  });
});
