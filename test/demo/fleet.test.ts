import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { startDemoFleet, type DemoFleet } from '../../src/demo/fleet';
import { demoDevices } from '../../src/demo/models/index';
import { demoCredentials } from '../../src/demo/units';
import { demoStrangers, demoWiring } from '../../src/demo/wiring';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith } from '../support/requirements';
import { testDatabase } from '../support/database';

// The demo's clock is frozen and moved by hand, so what the agents serve at a poll is reproducible.
const START = Date.UTC(2026, 11, 1, 1, 0, 0);
let now = START;
let fleet: DemoFleet;
let yunet: Yunet;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: string;
}

/** Samples of /metrics; values stay text so 64-bit counters stay exact. */
async function scrape(): Promise<Sample[]> {
  const text = await (await yunet.app.request('/metrics')).text();
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)\{(.*)\} (\S+)$/s.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    out.push({ name: m[1], labels, value: m[3] });
  }
  return out;
}

const pick = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** snmpbulkwalk / snmpget arguments for a demo device, with the credentials it is polled with. */
function snmpArgs(device: string): string[] {
  const model = demoDevices.find((d) => d.name === device)!;
  const agent = fleet.agents.get(device)!;
  const target = agent.address.includes(':') ? `udp6:[${agent.address}]:${agent.port}` : `udp:${agent.address}:${agent.port}`;
  const c = demoCredentials[model.credential].credential;
  const auth =
    'community' in c
      ? ['-v2c', '-c', c.community]
      : ['-v3', '-l', 'authPriv', '-u', c.username, '-a', 'SHA-256', '-A', c.auth!.key, '-x', 'AES', '-X', c.priv!.key];
  return [...auth, '-On', '-OQ', '-Oe', '-Ot', target];
}

/**
 * OID → value as the real net-snmp tools print them (-OQ: "oid = value", -Ot: raw TimeTicks).
 * Asynchronous: the agents live in this process and must keep answering while the tool runs.
 */
async function bulkwalk(device: string, oid: string): Promise<Map<string, string>> {
  const { stdout: out } = await promisify(execFile)('snmpbulkwalk', [...snmpArgs(device), oid], { encoding: 'utf8', timeout: 10_000 });
  const rows = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^\.?([\d.]+) = (.*)$/.exec(line.trim());
    if (m && !m[2].startsWith('No more variables')) rows.set(m[1], m[2]);
  }
  return rows;
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-demo-'));
  fleet = await startDemoFleet(configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), http: { port: 0 }, traps: { enabled: false } }), { clock: () => now });
  yunet = await createYunet({ config: fleet.config, demo: true, schedule: false, pollAtStart: false, log: silentLogger });
});
afterAll(async () => {
  await yunet?.close();
  await fleet?.close();
});

describe('demo fleet', () => {
  it('is polled: every device up, vendor from sysObjectID, CPU and memory for every vendor', async () => {
    now = START + 120_000;
    const summary = await yunet.runCycle();
    expect(summary).toMatchObject({ ok: demoDevices.length, failed: 0 });
    const samples = await scrape();
    for (const d of demoDevices) {
      expect(pick(samples, 'yunet_device_up', { device: d.name }).map((s) => s.value), d.name).toEqual(['1']);
      expect(pick(samples, 'yunet_device_info', { device: d.name })[0]?.labels.vendor, d.name).toBe(d.vendor);
      const cpu = pick(samples, 'yunet_device_cpu_usage_ratio', { device: d.name });
      const mem = pick(samples, 'yunet_device_memory_usage_ratio', { device: d.name });
      expect(cpu.length, `${d.name} cpu`).toBeGreaterThan(0);
      expect(mem.length, `${d.name} memory`).toBeGreaterThan(0);
      for (const s of [...cpu, ...mem]) expect(Number(s.value)).toBeGreaterThan(0), expect(Number(s.value)).toBeLessThan(1);
      // sysUpTime counts from the agent's start: two minutes.
      expect(pick(samples, 'sysUpTime', { device: d.name })[0]?.value).toBe('12000');
      expect(pick(samples, 'ifHCInOctets', { device: d.name }).length).toBe(d.interfaces.length);
    }
    // Entities without a processor (Huawei fans and power supplies) are not reported as 0 % CPU.
    expect(pick(samples, 'yunet_device_cpu_usage_ratio', { device: 'py-core-ne40e' }).map((s) => s.labels.entity).sort()).toEqual(['LPU Board 1', 'MPU Board 10', 'MPU Board 9']);
    // Chinese interface descriptions arrive intact.
    expect(pick(samples, 'ifHCInOctets', { device: 'py-core-ne40e', ifName: '100GE1/0/0' })[0].labels.ifAlias).toBe('上联 广州市电子政务外网 城域核心');
  });

  it('is cabled: the topology is the demo wiring, and the unregistered wireless controller is an unknown neighbour', async () => {
    const view = yunet.services.topology.view();
    const wire = (ends: string[][]) => ends.map(([a, ai, b, bi]) => [`${a} ${ai}`, `${b} ${bi}`].sort().join(' ↔ ')).sort();
    expect(wire(view.links.map((l) => [l.a.node, l.a.ifName, l.b.node, l.b.ifName]))).toEqual(
      wire([...demoWiring, ...demoStrangers.map((s) => [s.device, s.port, s.sysName, s.portName])]),
    );
    expect(view.unknown.map((u) => `${u.device} ${u.ifName} ${u.neighbour} ${u.managementAddresses.join(',')}`)).toEqual(demoStrangers.map((s) => `${s.device} ${s.port} ${s.sysName} ${s.address}`));
    // What net-snmp's own tools read from the agent: the NE40E's neighbour on 100GE1/0/1 (ifIndex 7) is the C9500.
    const rem = await bulkwalk('py-core-ne40e', '1.0.8802.1.1.2.1.4.1.1.9');
    expect(rem.get('1.0.8802.1.1.2.1.4.1.1.9.0.7.1')).toBe('"PY-ZWWW-CORE-C9500-01"');
  });

  it('serves a Counter64 close to 2^64 that comes out exactly', async () => {
    const [s] = pick(await scrape(), 'ifHCInOctets', { device: 'py-core-ne40e', ifName: '100GE1/0/0' });
    const v = BigInt(s.value);
    expect(v).toBeGreaterThan(2n ** 64n - 2n ** 56n);
    expect(v).toBeLessThan(2n ** 64n);
    // A value that went through a JS number would have been rounded to a multiple of 2048.
    expect(BigInt(Number(v))).not.toBe(v);
  });

  it('moves: counters rise at plausible rates between cycles, errors trickle, a link flaps', async () => {
    const before = await scrape();
    now = START + 870_000; // 14.5 minutes in: the 4G backup link is in its 40 s outage (from 860 s)
    await yunet.runCycle();
    const after = await scrape();
    const seconds = (870_000 - 120_000) / 1000;
    let moving = 0;
    for (const d of demoDevices) {
      for (const i of d.interfaces.filter((x) => !x.shutdown && (x.traffic?.in ?? 0) > 0)) {
        const key = { device: d.name, ifIndex: String(i.ifIndex) };
        const a = BigInt(pick(before, 'ifHCInOctets', key)[0].value);
        const b = BigInt(pick(after, 'ifHCInOctets', key)[0].value);
        const utilisation = (Number(b - a) * 8) / seconds / (i.speedMbps * 1e6);
        expect(utilisation, `${d.name} ${i.name}`).toBeGreaterThan(0);
        expect(utilisation, `${d.name} ${i.name}`).toBeLessThan(1);
        expect(BigInt(pick(after, 'ifHCInUcastPkts', key)[0].value)).toBeGreaterThan(BigInt(pick(before, 'ifHCInUcastPkts', key)[0].value));
        moving++;
      }
    }
    expect(moving).toBeGreaterThan(20);
    const wifi = { device: 'py-core-c9500', ifName: 'Gi1/0/24' };
    expect(Number(pick(after, 'ifInErrors', wifi)[0].value)).toBeGreaterThan(Number(pick(before, 'ifInErrors', wifi)[0].value));
    const backup = { device: 'py-core-ne40e', ifName: 'GE1/2/0' };
    expect(pick(before, 'ifOperStatus', backup)[0].value).toBe('1');
    expect(pick(after, 'ifOperStatus', backup)[0].value).toBe('2');
    expect(pick(after, 'ifLastChange', backup)[0].value).toBe('86000');
    expect(pick(after, 'ifHighSpeed', { device: 'py-core-ne40e', ifName: '100GE1/0/0' })[0].value).toBe('100000');
  });

  it('shows every dual-stack level and an address-plan finding (after two polls: traffic needs a delta)', async () => {
    const samples = await scrape();
    const levels = Object.fromEntries(pick(samples, 'yunet_dualstack_level', {}).map((s) => [s.labels.device, Number(s.value)]));
    expect(levels).toEqual({ 'dl-acc-s5750': 0, 'nc-acc-zxr10': 1, 'sq-agg-s6520': 2, 'py-core-c9500': 3, 'py-log-01': 3, 'py-core-ne40e': 4 });
    expect(pick(samples, 'yunet_srv6_ready', { device: 'py-core-ne40e' })[0]?.value).toBe('1');
    // The Huawei router reports IPv6 addresses only in IPV6-MIB, and they still count.
    expect(pick(samples, 'yunet_ip_addresses', { device: 'py-core-ne40e', family: 'ipv6', scope: 'documentation' })[0]?.value).toBe('6');
    const findings = pick(samples, 'yunet_address_plan_findings', {}).filter((s) => s.value !== '0');
    expect(findings.map((s) => s.labels)).toEqual([{ unit: '大龙街道办事处', kind: 'outside_unit_prefix' }]);
  });

  itWith({ commands: ['snmpbulkwalk'] })('serves what snmpbulkwalk reads, over v3 and over IPv6', async () => {
    const samples = await scrape();
    const cases = [
      { device: 'py-core-ne40e', metric: 'ifHCInOctets', column: '1.3.6.1.2.1.31.1.1.1.6' },
      { device: 'py-core-ne40e', metric: 'ifOperStatus', column: '1.3.6.1.2.1.2.2.1.8' },
      { device: 'py-core-c9500', metric: 'ifHCOutOctets', column: '1.3.6.1.2.1.31.1.1.1.10' },
      { device: 'sq-agg-s6520', metric: 'ifLastChange', column: '1.3.6.1.2.1.2.2.1.9' },
    ];
    for (const c of cases) {
      const walked = await bulkwalk(c.device, c.column);
      const exposed = pick(samples, c.metric, { device: c.device });
      expect(walked.size, `${c.device} ${c.metric}`).toBe(exposed.length);
      for (const s of exposed) expect(walked.get(`${c.column}.${s.labels.ifIndex}`), `${c.device} ${c.metric} ${s.labels.ifName}`).toBe(s.value);
    }
    expect(fleet.agents.get('py-core-c9500')!.address).toBe('::1');
  });

  itWith({ commands: ['snmpget'] })('counts wrong communities and wrong v3 digests like a real agent', async () => {
    const run = promisify(execFile);
    const endpoint = (device: string) => `udp:127.0.0.1:${fleet.agents.get(device)!.port}`;
    const knock = (args: string[]) => run('snmpget', ['-r', '0', '-t', '0.5', ...args, '1.3.6.1.2.1.1.5.0']).catch(() => undefined);
    const before = await scrape();
    await knock(['-v2c', '-c', 'public', endpoint('dl-acc-s5750')]);
    await knock(['-v3', '-l', 'authPriv', '-u', 'yunet-demo', '-a', 'SHA-256', '-A', 'guessed-password', '-x', 'AES', '-X', 'yunet-demo-priv', endpoint('py-core-ne40e')]);
    await yunet.runCycle();
    const after = await scrape();
    const delta = (name: string, device: string) => Number(pick(after, name, { device })[0].value) - Number(pick(before, name, { device })[0].value);
    expect(delta('snmpInBadCommunityNames', 'dl-acc-s5750')).toBe(1);
    expect(delta('usmStatsWrongDigests', 'py-core-ne40e')).toBe(1);
    expect(delta('snmpInBadCommunityNames', 'sq-agg-s6520')).toBe(0);
    // Every poll is a packet the agent received.
    expect(delta('snmpInPkts', 'sq-agg-s6520')).toBeGreaterThan(5);
  });
});
