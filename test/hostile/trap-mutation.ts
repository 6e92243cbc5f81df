import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import type { TrapReceiver } from '../../src/traps/receiver';
import { startTraps } from '../../src/traps/feature';
import { createYunet } from '../../src/yunet';
import { mutate, prng } from './mutate';
import { realDatagrams } from './trap-datagrams';
import { testDatabase } from '../support/database';

export interface MutationResult {
  cases: number;
  /** Datagrams the receiver saw: accepted as traps, or refused with a reason. */
  accepted: number;
  rejected: Record<string, number>;
  stored: number;
  droppedQueueFull: number;
  /** Accepted copies of a trap already stored (a mutation that left the trap's identity as it was). */
  droppedDuplicate: number;
  crashed: boolean;
}

const V3 = { user: 'fuzz-user', auth: 'fuzz-auth-key-1', priv: 'fuzz-priv-key-1' };

/**
 * `cases` random mutations of real trap datagrams (v1, v2c, inform, v3 authNoPriv and authPriv, encoded
 * by snmptrap/snmpinform), sent over loopback to yunet's receiver in this process, in paced rounds so the
 * kernel drops none.
 */
export async function trapMutation(opts: { cases: number; seed: number; port: number }): Promise<MutationResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-fuzz-'));
  const config = configSchema.parse({
    database: await testDatabase(path.join(dir, 'y.db')),
    traps: { enabled: false },
    credentials: {
      lab: { version: '2c', community: 'fuzz-community' },
      v3: { version: 3, username: V3.user, auth: { protocol: 'sha256', key: V3.auth }, priv: { protocol: 'aes', key: V3.priv } },
    },
    devices: [
      { name: 'r1', address: '127.0.0.1', credential: 'lab', enabled: false },
      { name: 'r1-v3', address: '198.18.0.5', credential: 'v3', enabled: false },
    ],
  });
  const yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  let crashed = false;
  const onCrash = () => (crashed = true);
  process.on('uncaughtException', onCrash);
  try {
    const receiver = await new Promise<TrapReceiver>((resolve) => {
      const ctx = { ...yunet.ctx, config: { ...config, traps: { ...config.traps, enabled: true, port: opts.port, address: '127.0.0.1' } } };
      const stop = startTraps(ctx, resolve);
      if (stop) closers.push(stop);
    });
    const seeds = Object.values(await realDatagrams('fuzz-community', V3));
    const rand = prng(opts.seed);
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const seen = () => receiver.stats.accepted + receiver.stats.rejected;
    const round = 500;
    for (let sent = 0; sent < opts.cases; ) {
      const n = Math.min(round, opts.cases - sent);
      for (let i = 0; i < n; i++) sock.send(mutate(seeds, rand), opts.port, '127.0.0.1');
      sent += n;
      // Wait for the receiver to see the round before the next one: no kernel drops, every case counted.
      for (let spin = 0; seen() < sent && spin < 2000; spin++) await new Promise((r) => setTimeout(r, 1));
    }
    sock.close();
    await receiver.writer.flush();
    const metrics = await (await yunet.app.request('/metrics')).text();
    const rejected: Record<string, number> = {};
    for (const m of metrics.matchAll(/^yunet_snmp_traps_rejected_total\{reason="([^"]+)"\} (\d+)$/gm)) rejected[m[1]] = Number(m[2]);
    const dropped = (reason: string) => Number(new RegExp(`^yunet_events_dropped_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
    return { cases: opts.cases, accepted: receiver.stats.accepted, rejected, stored: receiver.writer.written, droppedQueueFull: dropped('queue_full'), droppedDuplicate: dropped('duplicate'), crashed };
  } finally {
    process.off('uncaughtException', onCrash);
    for (const c of closers.splice(0)) await c();
    await yunet.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const closers: (() => void | Promise<void>)[] = [];
