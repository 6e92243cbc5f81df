import { createSocket } from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith, missing } from '../support/requirements';
import { cleanup, startLab, type LabDevice } from './lab/netns';
import { sleep } from './lab/sh';
import { testDatabase } from '../support/database';

const PREFIX = 'yn-rd';
const NEEDS = { root: true, commands: ['ip', 'snmpd', 'snmpset'] };
const it = itWith(NEEDS);
const ADMIN = 'readiness-lab-admin-token-0123456789';

/** One device per situation the issue names; each is a namespace with its own snmpd. */
const devices: LabDevice[] = [
  // A dual-stack core router in service; its table routes the SRv6 locator of lab-v6.
  { name: 'dual', ipv4: ['198.19.210.1', '198.19.210.2'], ipv6: ['2001:db8:d210::1', '2001:db8:d210::2'], ipv6Forwarding: true, ipv6RoutesViaRoot: ['2001:db8:ff00:d214::/64'], listen: ['ipv4'] },
  // IPv4 only: IPv6 switched off in the namespace.
  { name: 'v4', ipv4: ['198.19.211.1', '198.19.211.2'], noIpv6: true, listen: ['ipv4'] },
  // IPv6 on eth0 only; ge0 has IPv4 and nothing but a link-local IPv6 address.
  { name: 'part', ipv4: ['198.19.212.1', '198.19.212.2'], ipv6: ['2001:db8:d212::1', '2001:db8:d212::2'], ipv6Forwarding: true, innerLinks: [['ge0', '198.19.213.1/24', null]], listen: ['ipv4'] },
  // Managed over IPv6 only (snmpd listens on udp6 alone), SRv6 declared inside the district block.
  { name: 'v6', ipv4: ['198.19.214.1', '198.19.214.2'], ipv6: ['2001:db8:d214::1', '2001:db8:d214::2'], ipv6Forwarding: true, listen: ['ipv6'] },
  // Its IPv6 address lies outside its unit's prefix; SRv6 declared outside the block.
  { name: 'stray', ipv4: ['198.19.215.1', '198.19.215.2'], ipv6: ['2001:db8:d215::1', '2001:db8:d215::2'], ipv6Forwarding: true, listen: ['ipv4'] },
];

let yunet: Yunet | null = null;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-rd-lab-'));

/** Some UDP datagrams to the discard port: they count as IP octets in the namespace whether or not anything listens. */
async function traffic(address: string, packets = 8): Promise<void> {
  const s = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  for (let i = 0; i < packets; i++) await new Promise<void>((r) => s.send(Buffer.alloc(400), 9, address, () => r()));
  s.close();
}

beforeAll(async () => {
  if (missing(NEEDS)) return;
  const lab = await startLab(PREFIX, devices, dir, 'yn-rd-public');
  const addr = (name: string) => lab.find((d) => d.spec.name === name)!.managementAddress;
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'yunet.db')),
    polling: { timeout_ms: 1500, retries: 1 },
    credentials: { lab: { version: '2c', community: 'yn-rd-public' } },
    srv6: { locator_block: '2001:db8:ff00::/40' },
    units: [
      { name: 'lab-core', town: '市桥街', ipv4: ['198.19.208.0/20'], ipv6: ['2001:db8:d200::/40'] },
      { name: 'lab-stray', town: '沙湾镇', ipv6: ['2001:db8:e000::/48'] },
    ],
    devices: [
      { name: 'lab-dual', address: addr('dual'), credential: 'lab', unit: 'lab-core', role: 'core' },
      { name: 'lab-v4', address: addr('v4'), credential: 'lab', unit: 'lab-core' },
      { name: 'lab-part', address: addr('part'), credential: 'lab', unit: 'lab-core' },
      { name: 'lab-v6', address: addr('v6'), credential: 'lab', unit: 'lab-core', srv6: { capable: true, enabled: true, locator: '2001:db8:ff00:d214::/64' } },
      { name: 'lab-stray', address: addr('stray'), credential: 'lab', unit: 'lab-stray', srv6: { capable: true, enabled: true, locator: '2001:db8:aa00:d215::/64' } },
      // Never reached: nothing answers there.
      { name: 'lab-gone', address: '198.19.216.2', credential: 'lab', unit: 'lab-core' },
    ],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: { YUNET_ADMIN_TOKEN: ADMIN } });
  await yunet.runCycle();
  for (const d of lab) {
    if (d.spec.ipv4) await traffic(d.spec.ipv4[1]);
    if (d.spec.ipv6) await traffic(d.spec.ipv6[1]);
  }
  // nsCacheTimeout for ipSystemStats is 1 s in the lab agents.
  await sleep(1300);
  await yunet.runCycle();
}, 120_000);

afterAll(async () => {
  await yunet?.close();
  if (!missing(NEEDS)) await cleanup(PREFIX);
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string) => JSON.parse(await (await yunet!.app.request(url, { headers: { authorization: `Bearer ${ADMIN}` } })).text());
type CheckView = { check: string; status: string; reason: string };
const checks = (d: { checks: CheckView[] }) => Object.fromEntries(d.checks.map((c) => [c.check, `${c.status}: ${c.reason}`]));

describe('readiness against real snmpd in namespaces', () => {
  it('a dual-stack router in service is level 3', async () => {
    const d = await get('/api/readiness/devices/lab-dual');
    const c = checks(d);
    expect(c.ipv6_forwarding).toBe('pass: ipv6IpForwarding is 1 (forwarding)');
    expect(c.dual_stack_addressing).toBe('pass: all 1 up IPv4 interface(s) also have a routable IPv6 address');
    expect(c.ipv6_routes).toMatch(/^pass: \d+ IPv6 route\(s\)/);
    expect(c.ipv6_traffic).toMatch(/^pass: \d+ IPv6 octets in the last \d+ s/);
    expect(c.snmp_over_ipv6).toBe('unknown: managed over 198.19.210.2; no IPv6 management address to test');
    expect(c.srv6_declared).toBe('fail: no SRv6 declaration');
    expect(d.level).toBe(3);
    expect(d.addresses.map((a: { address: string }) => a.address)).toEqual(expect.arrayContaining(['198.19.210.2', '2001:db8:d210::2', '::1', '127.0.0.1']));
    expect(d.ipv6_traffic_share).toBeGreaterThan(0);
  });

  it('an IPv4-only device is level 0', async () => {
    const d = await get('/api/readiness/devices/lab-v4');
    expect(d.level).toBe(0);
    expect(checks(d).ipv6_forwarding).toBe('fail: ipv6IpForwarding is 2 (notForwarding)');
    expect(d.addresses.every((a: { family: string }) => a.family === 'ipv4')).toBe(true);
  });

  it('IPv6 on only some interfaces is level 1, and the checklist names the IPv4-only interface', async () => {
    const d = await get('/api/readiness/devices/lab-part');
    expect(d.level).toBe(1);
    expect(checks(d).dual_stack_addressing).toBe('fail: up interfaces with IPv4 but no IPv6 address beyond link-local: ge0 (198.19.213.1)');
  });

  it('a device managed over IPv6 only answers SNMP over IPv6; its SRv6 locator inside the block is routed: level 4', async () => {
    const d = await get('/api/readiness/devices/lab-v6');
    const c = checks(d);
    expect(d.up).toBe(true);
    expect(c.snmp_over_ipv6).toBe('pass: answers SNMP at 2001:db8:d214::2');
    expect(c.srv6_locator_in_block).toBe('pass: 2001:db8:ff00:d214::/64 lies inside the district block 2001:db8:ff00::/40');
    expect(c.srv6_locator_routed).toBe("pass: route 2001:db8:ff00:d214::/64 in lab-dual's IPv6 routing table");
    expect(d.level).toBe(4);
  });

  it('an address outside the unit prefix and an SRv6 locator outside the block are findings', async () => {
    const d = await get('/api/readiness/devices/lab-stray');
    expect(d.findings).toEqual(
      expect.arrayContaining([
        {
          kind: 'outside_unit_prefix',
          unit: 'lab-stray',
          device: 'lab-stray',
          interface: 'eth0',
          address: '2001:db8:d215::2',
          message: "lab-stray eth0 has 2001:db8:d215::2, which is outside unit lab-stray's IPv6 prefixes (2001:db8:e000::/48).",
        },
        expect.objectContaining({ kind: 'srv6_outside_block', address: '2001:db8:aa00:d215::/64' }),
      ]),
    );
    expect(checks(d).srv6_locator_in_block).toBe('fail: 2001:db8:aa00:d215::/64 lies outside the district block 2001:db8:ff00::/40');
    expect(d.level).toBe(3);
    const onlyPlan = await get('/api/readiness/findings?kind=outside_unit_prefix');
    expect(onlyPlan.findings.map((f: { device: string }) => f.device)).toEqual(['lab-stray']);
  });

  it('a device never reached is unknown; units aggregate and /metrics carries every level', async () => {
    expect((await get('/api/readiness/devices/lab-gone')).level).toBeNull();
    const r = await get('/api/readiness');
    const core = r.units.find((u: { unit: string }) => u.unit === 'lab-core');
    expect(core.devices_by_level).toEqual({ unknown: 1, '0': 1, '1': 1, '2': 0, '3': 1, '4': 1 });
    expect(core.share_level_3_plus).toBe(0.5);
    const m = await (await yunet!.app.request('/metrics')).text();
    for (const [name, level] of [['lab-dual', 3], ['lab-v4', 0], ['lab-part', 1], ['lab-v6', 4], ['lab-stray', 3]] as const)
      expect(m).toMatch(new RegExp(`yunet_dualstack_level\\{device="${name}",unit="[^"]+"\\} ${level}\\n`));
    expect(m).not.toContain('yunet_dualstack_level{device="lab-gone"');
    expect(m).toContain('ipv6IpForwarding{device="lab-dual",unit="lab-core",town="市桥街"} 1\n');
    expect(m).toMatch(/ipSystemStatsHCOutOctets\{device="lab-v6",unit="lab-core",town="市桥街",ipVersion="ipv6"\} \d+\n/);
    expect(m).toContain('yunet_address_plan_findings{unit="lab-stray",kind="outside_unit_prefix"} 1\n');
    expect(m).toContain('yunet_srv6_ready{device="lab-v6"} 1\n');
  });
});
