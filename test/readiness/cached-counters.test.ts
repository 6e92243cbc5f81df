import { createSocket } from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith, missing } from '../support/requirements';
import { cleanup, startLab } from './lab/netns';
import { sleep } from './lab/sh';

// A real snmpd with its default ~60 s cache of ipSystemStatsTable, polled every 15 s as a fast schedule would.
const PREFIX = 'yn-cc';
const NEEDS = { root: true, commands: ['ip', 'snmpd'] };
const it = itWith(NEEDS);
const ADMIN = 'cached-counters-admin-token-0123';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-cc-lab-'));
let yunet: Yunet | null = null;
let stopTraffic = () => {};
const seen: string[] = [];
let level: number | null = null;
let levelAfter: number | null = null;
let reasonAfter = '';

beforeAll(async () => {
  if (missing(NEEDS)) return;
  const [dual] = await startLab(PREFIX, [{ name: 'dual', ipv4: ['198.19.220.1', '198.19.220.2'], ipv6: ['2001:db8:d220::1', '2001:db8:d220::2'], ipv6Forwarding: true, ipv6RoutesViaRoot: ['2001:db8:d2ff::/64'], listen: ['ipv4'], agentCache: true }], dir, 'yn-cc-public');
  // Both IP versions carry traffic all along: datagrams to the discard port of the device, every 100 ms.
  const v4 = createSocket('udp4');
  const v6 = createSocket('udp6');
  const timer = setInterval(() => {
    v4.send(Buffer.alloc(300), 9, '198.19.220.2');
    v6.send(Buffer.alloc(300), 9, '2001:db8:d220::2');
  }, 100);
  stopTraffic = () => {
    clearInterval(timer);
    v4.close();
    v6.close();
  };
  const config = configSchema.parse({
    database: { path: path.join(dir, 'yunet.db') },
    traps: { enabled: false },
    credentials: { lab: { version: '2c', community: 'yn-cc-public' } },
    units: [{ name: 'lab', ipv4: ['198.19.220.0/24'], ipv6: ['2001:db8:d220::/48'] }],
    devices: [{ name: 'lab-dual', address: dual.managementAddress, credential: 'lab', unit: 'lab' }],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: { YUNET_ADMIN_TOKEN: ADMIN } });
  // Every 15 s, at most 8 polls (two minutes): the first interval in which both counters moved must make it level 3.
  for (let poll = 0; poll < 8; poll++) {
    await yunet.runCycle();
    const d = JSON.parse(await (await yunet.app.request('/api/readiness/devices/lab-dual', { headers: { authorization: `Bearer ${ADMIN}` } })).text());
    const check = d.checks.find((c: { check: string }) => c.check === 'ipv6_traffic');
    seen.push(`${check.status}: ${check.reason}`);
    level = d.level;
    if (level === 3) break;
    await sleep(15_000);
  }
  // One more poll inside the agent's cache: the level must hold, not flap back to 2.
  await sleep(15_000);
  await yunet.runCycle();
  const after = JSON.parse(await (await yunet.app.request('/api/readiness/devices/lab-dual', { headers: { authorization: `Bearer ${ADMIN}` } })).text());
  levelAfter = after.level;
  reasonAfter = after.checks.find((c: { check: string }) => c.check === 'ipv6_traffic').reason;
}, 200_000);

afterAll(async () => {
  stopTraffic();
  await yunet?.close();
  if (!missing(NEEDS)) await cleanup(PREFIX);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('an agent that caches its counters, polled every 15 s', () => {
  it('a dual-stack device carrying IPv6 reaches level 3, and a cached poll never reads as zero traffic', () => {
    expect(level).toBe(3);
    expect(seen.at(-1)).toMatch(/^pass: \d+ IPv6 octets in the last \d+ s \(\d+\.\d% of IP traffic\)$/);
    // Before the agent's cache turned over, the check waited instead of failing.
    for (const s of seen.slice(0, -1)) expect(s).toMatch(/^unknown: (needs a second poll|counters have not moved for both IP versions since)/);
  });

  it('the next poll, answered from the cache, keeps level 3 on the interval in which the counters moved', () => {
    expect(levelAfter).toBe(3);
    expect(reasonAfter).toMatch(/^\d+ IPv6 octets in the \d+ s interval ending \S+ \(the agent's cached counters have not moved since \S+\)/);
  });
});
