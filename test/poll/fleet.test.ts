import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { configSchema, type Config } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith } from '../support/requirements';
import { freeUdpPort, startSnmpd, type Snmpd } from '../support/snmpd';
import { testDatabase } from '../support/database';
import { segmentText } from '../../src/metrics/gzip-segments';

const it = itWith({ commands: ['snmpd', 'snmpget'] });

let agent: Snmpd;
let yunet: Yunet;
let deadPort: number;

async function config(): Promise<Config> {
  return configSchema.parse({
    database: await testDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-fleet-')), 'y.db')),
    polling: { timeout_ms: 400, retries: 1, concurrency: 8, backoff_after: 2, backoff_max_cycles: 4 },
    credentials: {
      good: { version: '2c', community: 'public' },
      guessed: { version: '2c', community: 'private' },
      ops: { version: 3, username: 'opsv3', auth: { protocol: 'sha256', key: 'authpass123' }, priv: { protocol: 'aes', key: 'privpass123' } },
    },
    units: [{ name: '区政务服务数据管理局', town: '市桥街' }],
    devices: [
      { name: 'core-v2', address: '127.0.0.1', port: agent.port, credential: 'good', unit: '区政务服务数据管理局' },
      { name: 'core-v3', address: 'localhost', port: agent.port, credential: 'ops' },
      { name: 'wrong-community', address: '127.0.0.1', port: agent.port, credential: 'guessed' },
      { name: 'dead', address: '127.0.0.1', port: deadPort, credential: 'good' },
    ],
  });
}

const metrics = async () => (await yunet.app.request('/metrics')).text();
const sample = (text: string, series: string) => text.split('\n').find((l) => l.startsWith(series + ' '))?.split(' ')[1];

beforeAll(async () => {
  if (!fs.existsSync('/usr/sbin/snmpd')) return;
  agent = await startSnmpd(['rocommunity public 127.0.0.1', 'createUser opsv3 SHA-256 authpass123 AES privpass123', 'rouser opsv3 priv']);
  deadPort = await freeUdpPort();
  yunet = await createYunet({ config: await config(), schedule: false, pollAtStart: false, log: silentLogger });
});
afterAll(async () => {
  await yunet?.close();
  agent?.stop();
});

describe('fleet poll cycle against a real snmpd', () => {
  it('polls the living, tells a wrong community from a dead device, and is bounded by one timeout', async () => {
    const summary = await yunet.runCycle();
    expect(summary).toMatchObject({ ok: 2, failed: 2, skipped: 0 });
    // Dead devices cost timeout x (retries + 1) each, in parallel, not in sequence.
    expect(summary.durationSeconds).toBeLessThan(2 * 0.4 + 0.25 + 1.5);
    const text = await metrics();
    expect(sample(text, 'yunet_device_up{device="core-v2",unit="区政务服务数据管理局",town="市桥街"}')).toBe('1');
    expect(sample(text, 'yunet_device_up{device="core-v3"}')).toBe('1');
    expect(sample(text, 'yunet_device_up{device="wrong-community"}')).toBe('0');
    expect(sample(text, 'yunet_device_up{device="dead"}')).toBe('0');
    expect(sample(text, 'yunet_snmp_errors_total{device="wrong-community",kind="auth"}')).toBe('1');
    expect(sample(text, 'yunet_snmp_errors_total{device="dead",kind="timeout"}')).toBe('1');
    expect(text).toMatch(/^ifOperStatus\{device="core-v3",ifIndex="1",ifName="lo",ifDescr="lo",ifAlias=""\} 1$/m);
    expect(text).toMatch(/^yunet_device_info\{device="core-v2",unit="区政务服务数据管理局",town="市桥街",sys_name="[^"]+",.*vendor="linux"\} 1$/m);
    expect(text).not.toMatch(/^ifOperStatus\{device="dead"/m);
    expect(text).not.toContain('private');
    expect(text).not.toContain('authpass123');
    const one = await (await yunet.app.request('/metrics/devices/core-v2')).text();
    expect(one).toContain('yunet_device_up{device="core-v2"');
    expect(one).not.toContain('device="core-v3"');
    expect((await yunet.app.request('/metrics/devices/nope')).status).toBe(404);
  });

  it('backs off a device that keeps failing and brings it back when it answers', async () => {
    await yunet.runCycle(); // dead: 2 failures in a row → backed off
    const backedOff = yunet.ctx.fleet.states.get('dead')!;
    expect(backedOff.consecutiveFailures).toBe(2);
    const skippedCycle = await yunet.runCycle();
    expect(skippedCycle.skipped).toBeGreaterThanOrEqual(1);
    expect(sample(await metrics(), 'yunet_devices{state="backoff"}')).toBeDefined();
    // The device comes to life on its port.
    const revived = await startSnmpdOn(deadPort);
    try {
      for (let i = 0; i < 6 && yunet.ctx.fleet.states.get('dead')!.up !== true; i++) await yunet.runCycle();
      expect(yunet.ctx.fleet.states.get('dead')).toMatchObject({ up: true, consecutiveFailures: 0, nextCycle: 0 });
    } finally {
      revived.stop();
    }
  });
});

async function startSnmpdOn(port: number): Promise<{ stop(): void }> {
  const { spawn } = await import('node:child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-revive-'));
  fs.writeFileSync(path.join(dir, 'c.conf'), 'rocommunity public 127.0.0.1\n');
  const child = spawn('snmpd', ['-f', '-C', '-c', path.join(dir, 'c.conf'), '-M', '/nonexistent', '-Lf', path.join(dir, 'log'), `udp:127.0.0.1:${port}`], {
    env: { ...process.env, MIBS: '', SNMP_PERSISTENT_DIR: dir },
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 500));
  return { stop: () => child.kill() };
}

describe('collectors that run every N cycles', () => {
  it('run on the first poll, then only when due, serving their last values in between', async () => {
    const state = yunet.ctx.fleet.states.get('core-v2')!;
    const every = yunet.ctx.config.polling.every_cycles.ip;
    expect(every).toBe(10);
    const runs: number[] = [];
    for (let i = 0; i < every; i++) {
      const { cycle } = await yunet.runCycle();
      if (state.lastRun.get('ip') === cycle) runs.push(cycle);
      expect(segmentText(state.series.get('ipv6IpForwarding')!)).toMatch(/^ipv6IpForwarding\{device="core-v2",unit="区政务服务数据管理局",town="市桥街"\} [12]\n$/);
      expect(state.lastRun.get('interfaces')).toBe(cycle);
    }
    expect(runs).toHaveLength(1);
  });
});
