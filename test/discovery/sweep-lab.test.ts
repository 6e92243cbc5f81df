import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { cleanupLab, createRouter, run, startSnmpd, type Daemon, type Router } from '../lab';
import { itWith, missing } from '../support/requirements';
import { openDatabase, type Store } from '../../db/index';
import { devices } from '../../db/schema/inventory';
import { discoveryCandidates } from '../../db/schema/discovery';
import { configSchema } from '../../src/config/schema';
import { syncConfig } from '../../src/inventory/sync';
import { sweep } from '../../src/discovery/sweep';
import { approveCandidate } from '../../src/discovery/candidates';
import { silentLogger } from '../../src/log';
import { createYunet } from '../../src/yunet';
import { testDatabase } from '../support/database';
import { databaseTarget } from '../support/database';

/**
 * One namespace holding four real snmpd agents on 198.19.230.2-.5 (addresses on its loopback); the root
 * namespace routes 198.19.230.0/25 to it over a /30 veth, so every request of the sweep crosses that veth and
 * addresses nobody holds are dropped inside the namespace (no ARP per address to count).
 * .2 answers v3 (authPriv) only; .3 answers community "dsc-public"; .4 answers a community not in the
 * credentials; .5 answers "dsc-public" but is excluded.
 */
const PREFIX = 'yn-dsc';
const needs = { root: true, commands: ['ip', 'snmpd'] };
const RATE = 200;

const config = () =>
  configSchema.parse({
    credentials: {
      'dsc-v3': { version: 3, username: 'dscv3', auth: { protocol: 'sha', key: 'dsc-auth-key' }, priv: { protocol: 'aes', key: 'dsc-priv-key' } },
      'dsc-v2': { version: '2c', community: 'dsc-public' },
    },
    units: [{ name: '石碁镇政府', ipv4: ['198.19.230.0/25'] }],
    devices: [],
    discovery: { enabled: true, credentials: ['dsc-v3', 'dsc-v2'], exclude: ['198.19.230.5/32'], rate_per_second: RATE },
  });

let dir: string;
let router: Router | undefined;
const agents: Daemon[] = [];
let database: Store;

beforeAll(async () => {
  if (missing(needs)) return;
  await cleanupLab(PREFIX);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-dsc-'));
  router = createRouter({
    prefix: PREFIX,
    name: 'a',
    ipv4: { root: '198.19.230.253', ns: '198.19.230.254', prefixLength: 30 },
    routedIpv4: ['198.19.230.0/25'],
  });
  const agent = async (last: number, conf: string) => {
    run('ip', ['-n', router!.ns, 'addr', 'add', `198.19.230.${last}/32`, 'dev', 'lo']);
    agents.push(await startSnmpd({ ns: router!.ns, name: `a${last}`, dir, endpoints: [`udp:198.19.230.${last}:161`], config: conf }));
  };
  // sysObjectID under Huawei's enterprise number 2011 (IANA), so the vendor comes from the standard table.
  await agent(2, 'createUser dscv3 SHA dsc-auth-key AES dsc-priv-key\nrouser dscv3 priv\nsysName dsc-v3-agent\nsysObjectID .1.3.6.1.4.1.2011.2.23.1\n');
  await agent(3, 'rocommunity dsc-public\nsysName dsc-v2-agent\n');
  await agent(4, 'rocommunity not-in-the-list\nsysName dsc-hidden\n');
  await agent(5, 'rocommunity dsc-public\nsysName dsc-excluded\n');
  database = await openDatabase(await databaseTarget(path.join(dir, 'y.db')));
  await syncConfig(database.db, config());
}, 60_000);

afterAll(async () => {
  await database?.close();
  if (!missing(needs)) await cleanupLab(PREFIX);
});

const txPackets = () => Number(fs.readFileSync(`/sys/class/net/${router!.rootIf}/statistics/tx_packets`, 'utf8'));

describe('discovery sweep against real agents', () => {
  itWith(needs)('proposes the v3 and v2c agents only, at no more than the configured rate', async () => {
    const cfg = config();
    const before = txPackets();
    const result = await sweep(database.db, cfg.discovery, { timeoutMs: 500 });
    const packets = txPackets() - before;

    // 126 hosts in the /25, one excluded; v3 first, then v2c for every address that did not answer v3.
    expect(result.addresses).toBe(125);
    expect(result.requests).toBe(125 * 2 - 1);
    const rows = await database.db.select().from(discoveryCandidates).orderBy(discoveryCandidates.address);
    expect(rows.map((r) => [r.address, r.sysName, r.credential, r.unit, r.status])).toEqual([
      ['198.19.230.2', 'dsc-v3-agent', 'dsc-v3', '石碁镇政府', 'new'],
      ['198.19.230.3', 'dsc-v2-agent', 'dsc-v2', '石碁镇政府', 'new'],
    ]);
    expect(rows[0].vendor).toBe('Huawei');
    expect(rows[1].vendor).toBe('Net-SNMP');

    // Requests never faster than the rate: the sweep cannot end before requests / rate seconds.
    expect(result.durationSeconds).toBeGreaterThanOrEqual((result.requests - 1) / RATE);
    // On the wire: one datagram per v2c request, two per v3 one (engine discovery, then the GET), little else.
    expect(packets).toBeGreaterThanOrEqual(result.requests);
    expect(packets).toBeLessThanOrEqual(125 * 2 + 124 + 20);
    expect(packets / result.durationSeconds).toBeLessThanOrEqual(2 * RATE * 1.1);
  }, 60_000);

  itWith(needs)('an approved candidate becomes an API device that the configuration sync keeps, and is not proposed again', async () => {
    const candidateAt = async (address: string) => (await database.db.select().from(discoveryCandidates).where(eq(discoveryCandidates.address, address)))[0];
    const device = async (name: string) => (await database.db.select().from(devices).where(eq(devices.name, name)))[0];
    const c = (await candidateAt('198.19.230.3'))!;
    await approveCandidate(database.db, c.id, { name: 'dsc-v2-agent' });
    const d = (await device('dsc-v2-agent'))!;
    expect([d.address, d.credential, d.unit, d.source]).toEqual(['198.19.230.3', 'dsc-v2', '石碁镇政府', 'api']);
    await syncConfig(database.db, config());
    expect(await device('dsc-v2-agent')).toBeTruthy();

    const again = await sweep(database.db, { ...config().discovery, ranges: ['198.19.230.0/29'] }, { timeoutMs: 500 });
    expect(again.outcomes.known).toBe(1);
    expect((await candidateAt('198.19.230.3'))!.status).toBe('approved');
  }, 60_000);
});

describe('discovery through the app', () => {
  itWith(needs)('an admin sweeps, lists, approves over the API, and the next poll cycle polls the new device', async () => {
    const base = config();
    const admin = 'bootstrap-admin-token-0123456789';
    const yunet = await createYunet({
      config: { ...base, database: await testDatabase(path.join(dir, 'api.db')), discovery: { ...base.discovery, ranges: ['198.19.230.0/29'] } },
      schedule: false,
      pollAtStart: false,
      log: silentLogger,
      env: { YUNET_ADMIN_TOKEN: admin },
    });
    try {
      const call = (method: string, url: string, body?: unknown) =>
        yunet.app.request(url, { method, headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      expect((await yunet.app.request('/api/discovery')).status).toBe(401);
      expect((await call('POST', '/api/discovery/sweep')).status).toBe(202);
      let state: { running: boolean; last_sweep: { addresses: number } | null } = { running: true, last_sweep: null };
      for (let i = 0; i < 100 && (state.running || !state.last_sweep); i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = (await (await call('GET', '/api/discovery')).json()) as typeof state;
      }
      expect(state.last_sweep?.addresses).toBe(5); // .1-.6 without the excluded .5
      const list = (await (await call('GET', '/api/discovery/candidates?vendor=Huawei')).json()) as { candidates: { id: number; address: string }[] };
      expect(list.candidates.map((c) => c.address)).toEqual(['198.19.230.2']);

      const approved = await call('POST', `/api/discovery/candidates/${list.candidates[0].id}/approve`, { name: 'dsc-core' });
      expect(approved.status).toBe(201);
      expect((await call('POST', `/api/discovery/candidates/${list.candidates[0].id}/approve`, {})).status).toBe(409);
      const summary = await yunet.runCycle();
      expect(summary.ok).toBe(1);
      expect(yunet.ctx.fleet.states.get('dsc-core')?.up).toBe(true);

      const page = await (await call('GET', '/discovery?status=new')).text();
      expect(page).toContain('设备发现');
      expect(page).toContain('198.19.230.3');
      expect(page).not.toContain('198.19.230.4');

      const metrics = await (await yunet.app.request('/metrics')).text();
      expect(metrics).toMatch(/yunet_discovery_candidates\{unit="石碁镇政府",vendor="Net-SNMP"\} 1/);
      expect(metrics).toMatch(/yunet_discovery_last_sweep_timestamp_seconds \d/);
    } finally {
      await yunet.close();
    }
  }, 60_000);
});
