import dgram from 'node:dgram';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { testDatabase } from '../support/database';
import { itWith, missing } from '../support/requirements';
import { startSnmpd, type Snmpd } from '../support/snmpd';

/**
 * A node that dies leaves its devices to the others, which poll them as soon as a heartbeat shows it dead (within
 * node_timeout_s + heartbeat_s), not at their next tick: here the schedule never fires within the test, so only
 * the takeover can poll them.
 */
const NEEDS = { commands: ['snmpd'] };
const it = itWith(NEEDS);
const DEVICES = 24;

describe('takeover of a dead node’s devices', () => {
  let dir = '';
  let snmpd: Snmpd;
  const nodes: Yunet[] = [];

  beforeAll(async () => {
    if (missing(NEEDS)) return;
    snmpd = await startSnmpd(['rocommunity public 127.0.0.1']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-takeover-'));
    for (const node of ['a', 'b']) {
      const config = configSchema.parse({
        database: await testDatabase(path.join(dir, 'shared.db')),
        traps: { enabled: false },
        cluster: { node, node_timeout_s: 6, heartbeat_s: 2 },
        polling: { schedule: '0 0 1 1 *', timeout_ms: 500, retries: 0 },
        credentials: { lab: { version: '2c', community: 'public' } },
        devices: Array.from({ length: DEVICES }, (_, i) => ({ name: `sw-${i}`, address: '127.0.0.1', port: snmpd.port, credential: 'lab' })),
      });
      nodes.push(await createYunet({ config, pollAtStart: false, log: silentLogger }));
    }
  }, 60_000);
  afterAll(async () => {
    for (const n of nodes) await n.close();
    snmpd?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('polls them within node_timeout_s + heartbeat_s of its last heartbeat, though no tick comes', async () => {
    const [a, b] = nodes;
    // Both see each other (every device owned by exactly one), then each polls its own share once.
    const shared = () => a.ctx.fleet.owned().length + b.ctx.fleet.owned().length === DEVICES;
    for (let i = 0; i < 50 && !shared(); i++) for (const n of [a, b]) await n.ctx.membership.heartbeat(0);
    expect(shared()).toBe(true);
    await a.runCycle();
    await b.runCycle();
    for (let i = 0; i < 50 && !shared(); i++) for (const n of [a, b]) await n.ctx.membership.heartbeat(0);
    const left = b.ctx.fleet.owned().map((d) => d.row.name);
    expect(left.length).toBeGreaterThan(0);
    expect(a.ctx.fleet.owned().length + left.length).toBe(DEVICES);
    for (const name of left) expect(a.ctx.fleet.states.get(name)?.lastPollAt ?? null).toBeNull();

    const died = Date.now();
    await b.close();
    nodes.pop();
    const polledAll = () => left.every((name) => (a.ctx.fleet.states.get(name)?.lastPollAt?.getTime() ?? 0) >= died);
    while (!polledAll() && Date.now() - died < 20_000) await new Promise((r) => setTimeout(r, 100));
    const seconds = (Date.now() - died) / 1000;
    expect(polledAll(), `b's ${left.length} devices polled by a`).toBe(true);
    // a checks again when b's last heartbeat expires: node_timeout_s 6 after it (heartbeats are stored to the
    // second: + 1), not at a's next heartbeat (up to heartbeat_s 2 later); plus the poll itself.
    expect(seconds).toBeLessThan(6 + 1 + 2);
    // Only what it took over: its own devices were not polled again.
    const own = a.ctx.fleet.owned().filter((d) => !left.includes(d.row.name));
    for (const d of own) expect(d.state.lastPollAt!.getTime()).toBeLessThan(died);
  });
});

/**
 * A node that dies while a survivor's cycle is running: its devices go first in the queue of that cycle, instead of
 * waiting for it to end. The survivor's cycle is made long by devices that never answer (a UDP socket that reads and
 * says nothing), in a poller group only it serves.
 */
describe('takeover during a running cycle', () => {
  let dir = '';
  let snmpd: Snmpd;
  let silent: dgram.Socket;
  const nodes: Yunet[] = [];
  const SILENT = 24;

  beforeAll(async () => {
    if (missing(NEEDS)) return;
    snmpd = await startSnmpd(['rocommunity public 127.0.0.1']);
    silent = dgram.createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-takeover-'));
    for (const node of ['a', 'b']) {
      const config = configSchema.parse({
        database: await testDatabase(path.join(dir, 'shared.db')),
        traps: { enabled: false },
        cluster: { node, node_timeout_s: 6, heartbeat_s: 2, groups: node === 'a' ? ['default', 'slow'] : ['default'] },
        polling: { schedule: '0 0 1 1 *', timeout_ms: 1000, retries: 0, concurrency: 2 },
        credentials: { lab: { version: '2c', community: 'public' } },
        devices: [
          ...Array.from({ length: DEVICES }, (_, i) => ({ name: `sw-${i}`, address: '127.0.0.1', port: snmpd.port, credential: 'lab' })),
          ...Array.from({ length: SILENT }, (_, i) => ({ name: `mute-${i}`, address: '127.0.0.1', port: (silent.address() as AddressInfo).port, credential: 'lab', poller_group: 'slow' })),
        ],
      });
      nodes.push(await createYunet({ config, pollAtStart: false, log: silentLogger }));
    }
  }, 60_000);
  afterAll(async () => {
    for (const n of nodes) await n.close();
    snmpd?.stop();
    silent?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts them first in the queue of the cycle in flight', async () => {
    const [a, b] = nodes;
    const shared = () => a.ctx.fleet.owned().length + b.ctx.fleet.owned().length === DEVICES + SILENT;
    for (let i = 0; i < 50 && !shared(); i++) for (const n of [a, b]) await n.ctx.membership.heartbeat(0);
    expect(shared()).toBe(true);
    const left = b.ctx.fleet.owned().map((d) => d.row.name);
    expect(left.length).toBeGreaterThan(0);

    // 24 silent devices, two at a time, a second each: a cycle of at least 12 s, longer than the takeover takes.
    const cycle = a.runCycle();
    const died = Date.now();
    await b.close();
    nodes.pop();
    const polledAll = () => left.every((name) => (a.ctx.fleet.states.get(name)?.lastPollAt?.getTime() ?? 0) >= died);
    while (!polledAll() && Date.now() - died < 20_000) await new Promise((r) => setTimeout(r, 100));
    expect(polledAll(), `b's ${left.length} devices polled by a`).toBe(true);
    expect(a.ctx.fleet.cycleRunning, 'polled within the cycle in flight').toBe(true);
    expect((Date.now() - died) / 1000).toBeLessThan(6 + 1 + 2);
    const summary = await cycle;
    expect(summary.partial).toBe(null);
    expect(summary.failed).toBe(SILENT);
    expect(summary.ok).toBe(DEVICES);
  });
});
