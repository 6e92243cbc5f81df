import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith, missing } from '../support/requirements';
import { sleep } from './lab/sh';
import { startSnmpsim, type Snmpsim } from './lab/snmpsim';
import { testDatabase } from '../support/database';

/**
 * A Huawei NE40E-style recording: IPv4 rows only in ipAddressTable (written without the length byte),
 * IPv6 in IPV6-MIB (ipv6AddrTable, ipv6Forwarding, ipv6RouteNumber, ipv6RouteTable), octet counters that grow.
 */
const recording = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/readiness/huawei-ne40e.snmprec');
const it = itWith({ commands: ['snmpsimd', 'snmpget'] });
const ADMIN = 'recorded-walk-admin-token-0123456789';

let sim: Snmpsim | null = null;
let yunet: Yunet | null = null;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-rd-rec-'));

beforeAll(async () => {
  if (missing({ commands: ['snmpsimd', 'snmpget'] })) return;
  sim = await startSnmpsim(recording);
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    polling: { timeout_ms: 3000, retries: 0 },
    credentials: { ne: { version: '2c', community: sim.community } },
    srv6: { locator_block: '2001:db8:ff00::/40' },
    units: [{ name: '区政务数据局', town: '市桥街', ipv4: ['198.18.64.0/18'], ipv6: ['2001:db8:64::/46'] }],
    devices: [
      {
        name: 'py-ne40e-01',
        address: '127.0.0.1',
        port: sim.port,
        credential: 'ne',
        unit: '区政务数据局',
        role: 'core',
        srv6: { capable: true, enabled: true, locator: '2001:db8:ff00:64::/64' },
      },
    ],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: { YUNET_ADMIN_TOKEN: ADMIN } });
  await yunet.runCycle();
  await sleep(1500);
  await yunet.runCycle();
}, 60_000);

afterAll(async () => {
  await yunet?.close();
  await sim?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string) => (await yunet!.app.request(url, { headers: { authorization: `Bearer ${ADMIN}` } })).text();

describe('IPV6-MIB fallback on a recorded Huawei walk', () => {
  it('reads IPv6 addresses from ipv6AddrTable and IPv4 rows missing their length byte', async () => {
    const d = JSON.parse(await get('/api/readiness/devices/py-ne40e-01'));
    const addrs = d.addresses.map((a: { address: string; source: string; prefix_length: number | null; if_index: number }) => `${a.source} ${a.address}/${a.prefix_length} if${a.if_index}`);
    expect(addrs).toEqual(
      expect.arrayContaining([
        'IP-MIB 198.18.64.1/null if1',
        'IP-MIB 198.18.65.1/null if2',
        'IPV6-MIB 2001:db8:64::1/64 if1',
        'IPV6-MIB 2001:db8:65::1/64 if2',
        'IPV6-MIB 2001:db8:64:ffff::1/128 if3',
        'IPV6-MIB fe80::3ae3:c5ff:fe10:1/10 if1',
      ]),
    );
    expect(d.addresses.find((a: { address: string }) => a.address === 'fe80::3ae3:c5ff:fe10:5')).toMatchObject({ scope: 'link-local', status: 'inaccessible' });
  });

  it('scores it from IPV6-MIB evidence up to SRv6 ready, with the traffic share from growing counters', async () => {
    const d = JSON.parse(await get('/api/readiness/devices/py-ne40e-01'));
    const checks = Object.fromEntries(d.checks.map((c: { check: string; status: string; reason: string }) => [c.check, `${c.status}: ${c.reason}`]));
    expect(checks.ipv6_forwarding).toBe('pass: ipv6Forwarding (IPV6-MIB) is 1 (forwarding)');
    expect(checks.dual_stack_addressing).toBe('pass: all 2 up IPv4 interface(s) also have a routable IPv6 address');
    expect(checks.ipv6_routes).toMatch(/^pass: 5 IPv6 route\(s\), including a default route$/);
    expect(checks.ipv6_traffic).toMatch(/^pass: \d+ IPv6 octets/);
    expect(checks.srv6_locator_routed).toBe("pass: route 2001:db8:ff00:64::/64 in py-ne40e-01's IPv6 routing table");
    expect(d.level).toBe(4);
    // IPv4 grows 120,000 octets/s, IPv6 40,000: a quarter of the traffic is IPv6.
    expect(d.ipv6_traffic_share).toBeGreaterThan(0.2);
    expect(d.ipv6_traffic_share).toBeLessThan(0.3);
    expect(d.findings).toEqual([]);
  });

  it('exposes the raw evidence and the readiness gauges on /metrics', async () => {
    const m = await (await yunet!.app.request('/metrics')).text();
    const dev = 'device="py-ne40e-01",unit="区政务数据局",town="市桥街"';
    expect(m).toContain(`ipv6Forwarding{${dev}} 1\n`);
    expect(m).toContain(`ipv6RouteNumber{${dev}} 9\n`);
    expect(m).toContain(`yunet_ip_addresses{${dev},family="ipv6",scope="documentation"} 3\n`);
    expect(m).toContain(`yunet_ip_addresses{${dev},family="ipv6",scope="link-local"} 3\n`);
    expect(m).toMatch(new RegExp(`ipSystemStatsHCInOctets\\{${dev},ipVersion="ipv6"\\} 12345\\d{8}\\n`));
    expect(m).toContain('yunet_dualstack_level{device="py-ne40e-01",unit="区政务数据局"} 4\n');
    expect(m).toContain('yunet_srv6_ready{device="py-ne40e-01"} 1\n');
    expect(m).toContain('yunet_dualstack_check{device="py-ne40e-01",unit="区政务数据局",check="srv6_locator_in_block"} 1\n');
    expect(m).toContain('yunet_unit_devices_by_level{unit="区政务数据局",level="4"} 1\n');
    expect(m).toContain('yunet_unit_dualstack_ratio{unit="区政务数据局",min_level="3"} 1\n');
    expect(m).toContain('yunet_ipv6_traffic_share_target_ratio{network="fixed",year="2025"} 0.27\n');
    expect(m).toContain('yunet_address_plan_findings{unit="区政务数据局",kind="outside_unit_prefix"} 0\n');
  });
});
