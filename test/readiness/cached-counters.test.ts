import { createSocket } from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith, missing } from '../support/requirements';
import { cleanup, restartAgent, startLab, type RunningDevice } from './lab/netns';
import { run, sleep, stopPid } from './lab/sh';
import { testDatabase } from '../support/database';

// A real snmpd with its default ~60 s cache of ipSystemStatsTable, polled every 15 s as a fast schedule would.
const PREFIX = 'yn-cc';
const COMMUNITY = 'yn-cc-public';
const NEEDS = { root: true, commands: ['ip', 'snmpd', 'snmpget'] };
const it = itWith(NEEDS);
const ADMIN = 'cached-counters-admin-token-0123';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-cc-lab-'));
/** ipSystemStatsHC{In,Out}Octets of IPv4 (.1) and IPv6 (.2). */
const OCTETS = ['1.3.6.1.2.1.4.31.1.1.6.1', '1.3.6.1.2.1.4.31.1.1.33.1', '1.3.6.1.2.1.4.31.1.1.6.2', '1.3.6.1.2.1.4.31.1.1.33.2'];

interface CheckView {
  check: string;
  status: string;
  reason: string;
}
interface DeviceView {
  level: number | null;
  checks: CheckView[];
  ipv6_traffic_share: number | null;
  ipv6_traffic_interval: { start: string; end: string; ipv4_octets: string; ipv6_octets: string } | null;
  ipv6_traffic_note: string | null;
}
interface Poll {
  /** The agent's counters right after yunet's poll, read by net-snmp's snmpget (the agent serves both from its cache). */
  agent: bigint[];
  view: DeviceView;
}

let yunet: Yunet | null = null;
let dual: RunningDevice | null = null;
let stopTraffic = () => {};
const polls: Poll[] = [];
let cachedPoll: Poll | null = null;
let restartPoll: Poll | null = null;
let downView: DeviceView | null = null;
let metrics = '';

const trafficCheck = (v: DeviceView) => v.checks.find((c) => c.check === 'ipv6_traffic')!;

async function view(): Promise<DeviceView> {
  const res = await yunet!.app.request('/api/readiness/devices/lab-dual', { headers: { authorization: `Bearer ${ADMIN}` } });
  return JSON.parse(await res.text()) as DeviceView;
}

async function poll(): Promise<Poll> {
  await yunet!.runCycle();
  const out = run('snmpget', ['-v2c', '-c', COMMUNITY, '-On', '-Oqv', '-t', '2', '-r', '1', dual!.managementAddress, ...OCTETS]);
  const agent = out.trim().split('\n').map((l) => BigInt(l.trim()));
  return { agent, view: await view() };
}

beforeAll(async () => {
  if (missing(NEEDS)) return;
  [dual] = await startLab(PREFIX, [{ name: 'dual', ipv4: ['198.19.220.1', '198.19.220.2'], ipv6: ['2001:db8:d220::1', '2001:db8:d220::2'], ipv6Forwarding: true, ipv6RoutesViaRoot: ['2001:db8:d2ff::/64'], listen: ['ipv4'], agentCache: true }], dir, COMMUNITY);
  // Both IP versions carry traffic over the veth all along: datagrams to the device's discard port, every 100 ms.
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
    database: await testDatabase(path.join(dir, 'yunet.db')),
    traps: { enabled: false },
    polling: { timeout_ms: 1500, retries: 1 },
    credentials: { lab: { version: '2c', community: COMMUNITY } },
    units: [{ name: 'lab', ipv4: ['198.19.220.0/24'], ipv6: ['2001:db8:d220::/48'] }],
    devices: [{ name: 'lab-dual', address: dual.managementAddress, credential: 'lab', unit: 'lab' }],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: { YUNET_ADMIN_TOKEN: ADMIN } });
  // Every 15 s, at most 8 polls (two minutes): the first interval in which the counters moved must make it level 3.
  for (let i = 0; i < 8; i++) {
    polls.push(await poll());
    if (polls.at(-1)!.view.level === 3) break;
    await sleep(15_000);
  }
  // One more poll inside the agent's cache: the level must hold on the interval in which the counters moved.
  await sleep(15_000);
  cachedPoll = await poll();
  // The agent restarts (sysUpTime back to 0) while the kernel's counters keep growing: no data, not a jump.
  dual = await restartAgent(dual, dir, COMMUNITY);
  restartPoll = await poll();
  metrics = await (await yunet.app.request('/metrics')).text();
  // The agent stops answering: the interval stays, and the reason says the device did not answer.
  await stopPid(dual.pid);
  await yunet.runCycle();
  downView = await view();
}, 200_000);

afterAll(async () => {
  stopTraffic();
  await yunet?.close();
  if (!missing(NEEDS)) await cleanup(PREFIX);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('an agent that caches its counters, polled every 15 s', () => {
  it('the agent did cache: the first polls read the same counters', () => {
    expect(polls.length).toBeGreaterThanOrEqual(3);
    for (const p of polls.slice(1, -1)) expect(p.agent).toEqual(polls[0].agent);
    expect(polls.at(-1)!.agent).not.toEqual(polls[0].agent);
  });

  it('a dual-stack device carrying IPv6 reaches level 3 once the counters move, with the agent\'s octets', () => {
    const last = polls.at(-1)!;
    expect(last.view.level).toBe(3);
    expect(trafficCheck(last.view)).toMatchObject({ status: 'pass', reason: expect.stringMatching(/^\d+ IPv6 octets in the last \d+ s \(\d+\.\d% of IP traffic\)$/) });
    // The interval runs from the first poll to the one that saw the counters move: the agent's own deltas.
    const [in4, out4, in6, out6] = last.agent.map((v, i) => v - polls[0].agent[i]);
    expect(last.view.ipv6_traffic_interval).toMatchObject({ ipv4_octets: String(in4 + out4), ipv6_octets: String(in6 + out6) });
    const share = Number(in6 + out6) / Number(in4 + out4 + in6 + out6);
    expect(last.view.ipv6_traffic_share).toBeCloseTo(share, 5);
    expect(last.view.ipv6_traffic_note).toBeNull();
  });

  it('before the cache turned over, the check waited instead of failing', () => {
    for (const p of polls.slice(0, -1)) {
      expect(p.view.level).toBe(2);
      expect(trafficCheck(p.view)).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/^no interval in which the counters moved yet: (needs a second poll|the IPv4 and IPv6 counters have not moved since)/) });
    }
  });

  it('the next poll, answered from the cache, keeps level 3 and says the share is from the earlier interval', () => {
    const view = cachedPoll!.view;
    expect(cachedPoll!.agent).toEqual(polls.at(-1)!.agent);
    expect(view.level).toBe(3);
    const end = polls.at(-1)!.view.ipv6_traffic_interval!.end;
    expect(view.ipv6_traffic_interval).toEqual(polls.at(-1)!.view.ipv6_traffic_interval);
    expect(trafficCheck(view).reason).toMatch(new RegExp(`^\\d+ IPv6 octets \\(\\d+\\.\\d% of IP traffic\\) from the \\d+ s interval ending at ${end.replace(/\./g, '\\.')}; newer polls: the IPv4 and IPv6 counters have not moved since ${end.replace(/\./g, '\\.')}`));
  });

  it('an agent restart is no data for its interval: sysUpTime went back, the counters did not, the level holds', () => {
    const view = restartPoll!.view;
    expect(view.level).toBe(3);
    expect(view.ipv6_traffic_interval).toEqual(polls.at(-1)!.view.ipv6_traffic_interval);
    expect(view.ipv6_traffic_note).toMatch(/^counters reset between \S+ and \S+: sysUpTime went back \(\d+ → \d+\): the agent restarted$/);
    // The kernel's counters only grew across the restart, so only sysUpTime could tell.
    restartPoll!.agent.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(polls.at(-1)!.agent[i]));
  });

  it('the gauges carry the share and the end of the interval it comes from', () => {
    const interval = polls.at(-1)!.view.ipv6_traffic_interval!;
    expect(metrics).toContain(`yunet_ipv6_traffic_share_ratio{device="lab-dual"} ${polls.at(-1)!.view.ipv6_traffic_share}\n`);
    expect(metrics).toContain(`yunet_ipv6_traffic_interval_end_timestamp_seconds{device="lab-dual"} ${Date.parse(interval.end) / 1000}\n`);
    expect(metrics).toContain('yunet_dualstack_level{device="lab-dual",unit="lab"} 3\n');
  });
});

describe('a device that stops answering', () => {
  it('keeps the interval it had, and the reason and note say the device did not answer', () => {
    const view = downView!;
    expect(view.ipv6_traffic_interval).toEqual(polls.at(-1)!.view.ipv6_traffic_interval);
    expect(view.ipv6_traffic_note).toMatch(/^the device did not answer at \S+Z$/);
    expect(trafficCheck(view)).toMatchObject({ status: 'pass', reason: expect.stringMatching(/ from the \d+ s interval ending at \S+; newer polls: the device did not answer at \S+Z$/) });
  });
});
