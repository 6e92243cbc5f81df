import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { freeTcpPort, startPrometheus, waitFor, type Prometheus } from '../lab/index';
import { itWith, missing } from '../support/requirements';
import { startSnmpd, type Snmpd } from '../support/snmpd';
import { testDatabase } from '../support/database';

// The device page charts the last hour from a real Prometheus that scrapes yunet; without one it says so.
const NEEDS = { commands: ['prometheus', 'snmpd'] };
const it = itWith(NEEDS);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-device-rates-'));
const origin = 'http://localhost';
let yunet: Yunet;
let agent: Snmpd | null = null;
let prometheus: Prometheus | null = null;
let viewer: string;

beforeAll(async () => {
  if (missing(NEEDS)) return;
  agent = await startSnmpd(['rocommunity public 127.0.0.1', 'sysName lab-core']);
  const port = await freeTcpPort();
  prometheus = await startPrometheus({ targets: [{ job: 'yunet', target: `127.0.0.1:${port}` }], scrapeIntervalSeconds: 1 });
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    http: { port, host: '127.0.0.1' },
    traps: { enabled: false },
    prometheus: { url: `http://127.0.0.1:${prometheus.port}/` },
    polling: { schedule: '* * * * * *', timeout_ms: 800, retries: 0 },
    credentials: { lab: { version: '2c', community: 'public' } },
    devices: [{ name: 'lab-core', address: '127.0.0.1', port: agent.port, credential: 'lab' }],
  });
  yunet = await createYunet({ config, log: silentLogger, env: {} });
  await yunet.listen();
  viewer = await createToken(yunet.ctx.db, 'noc', 'viewer');
  // Two scrapes of two different polls at least, so rate() has something to say (a second ago: the page's
  // range query ends at the whole second before now).
  await waitFor('Prometheus to hold a rate for lab-core', async () => (await prometheus!.query('rate(ifHCInOctets{device="lab-core"}[5m] offset 2s)')).length > 0, 30_000, 500);
}, 60_000);
afterAll(async () => {
  await yunet?.close();
  await prometheus?.stop();
  agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function devicePage(): Promise<string> {
  const signIn = await yunet.app.request(`${origin}/field/signin`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ token: viewer, next: '/devices/lab-core' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
  return (await yunet.app.request(`${origin}/devices/lab-core`, { headers: { cookie } })).text();
}

describe('interface rates on the device page', () => {
  it('charts the busiest interfaces of the last hour from Prometheus, in and out, each named', async () => {
    const names = (await prometheus!.query('ifHCInOctets{device="lab-core"}')).map((s) => s.metric.ifName);
    expect(names.length).toBeGreaterThan(0);
    const html = await devicePage();
    expect(html).toContain('最近一小时入方向速率（Prometheus）');
    expect(html).toContain('最近一小时出方向速率（Prometheus）');
    expect(html.match(/<polyline /g)?.length).toBeGreaterThanOrEqual(2);
    for (const n of names.slice(0, 8)) expect(html).toContain(`>${n}</span>`);
    expect(html).not.toContain('Prometheus 查询失败');
  });

  it('says so when Prometheus does not answer, and still shows the last two polls', async () => {
    const closed = await freeTcpPort();
    (yunet.ctx.config.prometheus as { url?: string }).url = `http://127.0.0.1:${closed}/`;
    const html = await devicePage();
    expect(html).toMatch(/Prometheus 查询失败：[^<]+；下表为最近两次轮询。/);
    expect(html).toContain('速率为最近两次轮询之间');
  });
});
