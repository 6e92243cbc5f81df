import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { events } from '../../db/schema/events';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { freeUdpPort, sleep, waitFor } from '../lab/index';
import { itWith, missing } from '../support/requirements';
import { testDatabase } from '../support/database';

/**
 * A device sends its traps to two nodes for redundancy: the shared table keeps each trap once. The datagrams are
 * Net-SNMP's own (snmptrap, snmpinform), captured once and delivered to each node byte for byte.
 */
const needs = { commands: ['snmptrap', 'snmpinform'] };
const it = itWith(needs);

/** Runs a Net-SNMP sender against a socket that never answers; returns every datagram it sent. */
async function capture(tool: 'snmptrap' | 'snmpinform', args: string[]): Promise<Buffer[]> {
  const sink = dgram.createSocket('udp4');
  const got: Buffer[] = [];
  sink.on('message', (m) => got.push(m));
  await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
  // snmpinform waits for an answer that never comes: one retry, so it sends the same inform twice.
  await promisify(execFile)(tool, ['-v2c', '-c', 'public', '-M', '/nonexistent', '-t', '0.3', '-r', '1', `127.0.0.1:${sink.address().port}`, '', ...args], { env: { ...process.env, MIBS: '' } }).catch(() => {});
  await sleep(100);
  sink.close();
  return got;
}

describe.runIf(missing(needs) === null || process.env.YUNET_TEST_STRICT === '1')('a trap received by two nodes', () => {
  let dir = '';
  const nodes: { yunet: Yunet; port: number }[] = [];
  const sender = dgram.createSocket('udp4');

  beforeAll(async () => {
    if (missing(needs)) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yn-trap-dedup-'));
    for (const name of ['a', 'b']) {
      const port = await freeUdpPort();
      const config = configSchema.parse({
        database: await testDatabase(path.join(dir, 'shared.db')),
        traps: { port, address: '127.0.0.1' },
        cluster: { node: name },
        credentials: { lab: { version: '2c', community: 'public' } },
        devices: [{ name: 'r1', address: '127.0.0.1', port: 1, credential: 'lab' }],
      });
      nodes.push({ yunet: await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger }), port });
    }
    await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    sender.close();
    for (const n of nodes) await n.yunet.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const deliver = (datagram: Buffer, port: number) => new Promise<void>((r) => sender.send(datagram, port, '127.0.0.1', () => r()));
  const stored = (trapOid: string) => nodes[0].yunet.ctx.db.select().from(events).where(eq(events.trapOid, trapOid));
  const duplicates = async (i: number) => Number(/^yunet_events_dropped_total\{reason="duplicate"\} (\d+)/m.exec(await (await nodes[i].yunet.app.request('/metrics')).text())?.[1]);

  const linkDowns = async (i: number) => Number(/^yunet_snmp_traps_total\{device="r1",trap="linkDown"\} (\d+)/m.exec(await (await nodes[i].yunet.app.request('/metrics')).text())?.[1] ?? 0);

  it('is stored and counted once, a new trap of the same kind again, and a resent inform once', async () => {
    const linkDown = ['1.3.6.1.6.3.1.1.5.3', '1.3.6.1.2.1.2.2.1.1.3', 'i', '3', '1.3.6.1.2.1.2.2.1.8.3', 'i', '2'];
    const [first] = await capture('snmptrap', linkDown);
    const [second] = await capture('snmptrap', linkDown);
    expect(second.equals(first), 'a second snmptrap is a new trap (request id)').toBe(false);
    // Both nodes get the first trap (b a little later, as over another path); only a gets the second.
    await deliver(first, nodes[0].port);
    await sleep(50);
    await deliver(first, nodes[1].port);
    await deliver(second, nodes[0].port);
    await waitFor('the traps written', async () => (await duplicates(0)) + (await duplicates(1)) >= 1 && (await stored('1.3.6.1.6.3.1.1.5.3')).length >= 2, 10_000, 100);
    await sleep(300);
    expect(await stored('1.3.6.1.6.3.1.1.5.3')).toHaveLength(2);
    expect((await duplicates(0)) + (await duplicates(1))).toBe(1);
    // Counted once over both nodes as well: two linkDowns, not three.
    expect((await linkDowns(0)) + (await linkDowns(1))).toBe(2);

    // An inform retransmitted (no answer in time) is the same datagram: one event.
    const informs = await capture('snmpinform', ['1.3.6.1.4.1.2011.5.25.191.3.1', '1.3.6.1.4.1.2011.5.25.191.1.1.0', 'i', '42']);
    expect(informs).toHaveLength(2);
    expect(informs[1].equals(informs[0])).toBe(true);
    for (const d of informs) await deliver(d, nodes[1].port);
    await waitFor('the inform written', async () => (await stored('1.3.6.1.4.1.2011.5.25.191.3.1')).length >= 1 && (await duplicates(1)) >= 1, 10_000, 100);
    await sleep(300);
    expect(await stored('1.3.6.1.4.1.2011.5.25.191.3.1')).toHaveLength(1);
  });
});
