import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith, missing } from '../support/requirements';
import { freeUdpPort, startSnmpd, type Snmpd } from '../support/snmpd';
import { waitFor } from '../lab/sh';
import { testDatabase } from '../support/database';

// Real senders (net-snmp's snmptrap / snmpinform) against yunet's receiver on loopback; the device is a real snmpd.
const NEEDS = { commands: ['snmpd', 'snmptrap', 'snmpinform'] };
const it = itWith(NEEDS);

const V3 = { user: 'trapper', auth: 'trap-auth-key-1', priv: 'trap-priv-key-1' };
let yunet: Yunet;
let snmpd: Snmpd;
let trapPort = 0;
let viewer: string;

// Asynchronous: the receiver runs in this process and must be free to answer informs.
async function send(args: string[], opts: { from?: string; inform?: boolean } = {}): Promise<void> {
  await promisify(execFile)(opts.inform ? 'snmpinform' : 'snmptrap', [...(opts.from ? [`--clientaddr=${opts.from}`] : []), '-M', '/nonexistent', '-t', '1', '-r', '0', ...args], {
    env: { ...process.env, MIBS: '' },
  });
}
const v2c = (community: string, trapOid: string, varbinds: string[] = [], from?: string) =>
  send(['-v2c', '-c', community, `127.0.0.1:${trapPort}`, '', trapOid, ...varbinds], { from });
const v3 = (authKey: string, trapOid: string) =>
  send(['-v3', '-e', '0x80001f8880aabbccdd', '-u', V3.user, '-l', 'authPriv', '-a', 'SHA-256', '-A', authKey, '-x', 'AES', '-X', V3.priv, `127.0.0.1:${trapPort}`, '', trapOid]);

const events = async (query = '') => {
  const res = await yunet.app.request(`/api/events${query}`, { headers: { authorization: `Bearer ${viewer}` } });
  return { status: res.status, body: (await res.json()) as { events: { device: string | null; trap: string; summary: string; kind: string; version: string; source: string; category: string; attribution: string }[]; error?: string } };
};
const metrics = async () => (await yunet.app.request('/metrics')).text();
const metric = (text: string, line: string) => {
  const m = text.split('\n').find((l) => l.startsWith(line + ' '));
  return m ? Number(m.slice(line.length + 1)) : null;
};

beforeAll(async () => {
  if (missing(NEEDS)) return;
  snmpd = await startSnmpd(['rocommunity public 127.0.0.1', 'sysName trap-lab']);
  trapPort = await freeUdpPort();
  const config = configSchema.parse({
    database: await testDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-traps-')), 'y.db')),
    traps: { port: trapPort, address: '127.0.0.1', unknown_sources_max: 2 },
    credentials: {
      lab: { version: '2c', community: 'public' },
      // Configured but used by no device: not accepted.
      spare: { version: '2c', community: 'spare-community' },
      v3: { version: 3, username: V3.user, auth: { protocol: 'sha256', key: V3.auth }, priv: { protocol: 'aes', key: V3.priv } },
    },
    devices: [
      { name: 'r1', address: '127.0.0.1', port: snmpd.port, credential: 'lab' },
      // The v3 credential is in use (by a device not polled here), so the receiver accepts it.
      { name: 'r2-v3', address: '198.18.0.77', credential: 'v3', enabled: false },
    ],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  viewer = await createToken(yunet.ctx.db, 'soc-screen', 'viewer');
  await yunet.runCycle();
  // The receiver binds asynchronously: a first trap tells us it is up.
  await waitFor('the trap receiver', async () => {
    await v2c('public', '1.3.6.1.6.3.1.1.5.2');
    return (await events('?trap=warmStart')).body.events.length > 0;
  }, 10_000, 200);
});
afterAll(async () => {
  await yunet?.close();
  snmpd?.stop();
});

describe('trap receiver', () => {
  it('stores a v2c linkDown with the interface name from the last poll, and counts it', async () => {
    expect(yunet.ctx.fleet.states.get('r1')?.up).toBe(true);
    await v2c('public', '1.3.6.1.6.3.1.1.5.3', ['1.3.6.1.2.1.2.2.1.1.1', 'i', '1', '1.3.6.1.2.1.2.2.1.7.1', 'i', '1', '1.3.6.1.2.1.2.2.1.8.1', 'i', '2']);
    const e = await waitFor('linkDown event', async () => (await events('?trap=linkDown')).body.events[0] ?? null);
    expect(e).toMatchObject({ device: 'r1', kind: 'trap', version: '2c', category: 'link', source: '127.0.0.1' });
    // ifIndex 1 of a Linux snmpd is the loopback interface, named "lo" in ifName.
    expect(e.summary).toBe('linkDown: lo (ifIndex 1) down');
    expect(metric(await metrics(), 'yunet_snmp_traps_total{device="r1",trap="linkDown"}')).toBe(1);
  });

  it('translates a v1 coldStart, accepts a v3 authPriv config-change trap and acknowledges a v2c inform', async () => {
    await send(['-v1', '-c', 'public', `127.0.0.1:${trapPort}`, '1.3.6.1.4.1.8072.3.2.10', '127.0.0.1', '0', '0', '']);
    await v3(V3.auth, '1.3.6.1.4.1.2011.5.25.191.3.1');
    // snmpinform exits non-zero unless the receiver answers.
    await send(['-v2c', '-c', 'public', `127.0.0.1:${trapPort}`, '', '1.3.6.1.4.1.9.9.43.2.0.1'], { inform: true });
    const cold = await waitFor('coldStart', async () => (await events('?trap=coldStart')).body.events[0] ?? null);
    expect(cold).toMatchObject({ version: '1', category: 'restart', device: 'r1' });
    const hw = await waitFor('hwCfgChgNotify', async () => (await events('?trap=hwCfgChgNotify')).body.events[0] ?? null);
    // Only an SNMPv3 digest proves the sender.
    expect(hw).toMatchObject({ version: '3', category: 'config', device: 'r1', attribution: 'authenticated' });
    expect(cold).toMatchObject({ attribution: 'unverified' });
    const cisco = await waitFor('inform', async () => (await events('?kind=inform')).body.events[0] ?? null);
    expect(cisco).toMatchObject({ trap: 'ciscoConfigManEvent', version: '2c', category: 'config' });
  });

  it('rejects a wrong community, an unused credential and a wrong v3 key, counting who claims to knock', async () => {
    await v2c('guessed', '1.3.6.1.6.3.1.1.5.1');
    await v2c('spare-community', '1.3.6.1.6.3.1.1.5.1');
    await v3('not-the-right-key', '1.3.6.1.6.3.1.1.5.1');
    type Rejection = { claimed_source: string; reason: string; datagrams: number; address_of_device: string | null; description: string };
    const rejected = await waitFor('three rejections', async () => {
      const res = await yunet.app.request('/api/events/rejections', { headers: { authorization: `Bearer ${viewer}` } });
      const r = ((await res.json()) as { rejections: Rejection[] }).rejections;
      return r.reduce((n, x) => n + x.datagrams, 0) >= 3 ? r : null;
    });
    expect(rejected.map((r) => [r.claimed_source, r.reason, r.datagrams]).sort()).toEqual([
      ['127.0.0.1', 'bad_community', 2],
      ['127.0.0.1', 'bad_v3_auth', 1],
    ]);
    // The address belongs to r1, but a refused datagram only claims it.
    expect(rejected[0].address_of_device).toBe('r1');
    expect(rejected[0].description).toMatch(/^\d+ datagrams claiming source 127\.0\.0\.1 \(the address of r1\), refused: /);
    // No event row per refused datagram.
    expect((await events('?kind=rejected')).body.events).toEqual([]);
    const text = await metrics();
    expect(metric(text, 'yunet_snmp_traps_rejected_total{reason="bad_community"}')).toBe(2);
    expect(metric(text, 'yunet_snmp_traps_rejected_total{reason="bad_v3_auth"}')).toBe(1);
    expect(metric(text, 'yunet_snmp_traps_rejected_by_source_total{source="127.0.0.1",reason="bad_community"}')).toBe(2);
    expect(text).not.toMatch(/guessed|not-the-right-key|trap-priv-key|spare-community/);
  });

  it('records traps from unknown sources, grouping sources beyond the limit as "other"', async () => {
    for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) await v2c('public', '1.3.6.1.4.1.99999.0.1', [], from);
    const unknown = await waitFor('three unknown-source events', async () => {
      const r = (await events('?unknown_source=true')).body.events;
      return r.length >= 3 ? r : null;
    });
    expect(unknown.map((e) => e.source).sort()).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    expect(unknown.every((e) => e.device === null && e.trap === 'other')).toBe(true);
    const text = await metrics();
    expect(metric(text, 'yunet_snmp_traps_unknown_source_total{source="127.0.0.2"}')).toBe(1);
    expect(metric(text, 'yunet_snmp_traps_unknown_source_total{source="127.0.0.3"}')).toBe(1);
    expect(metric(text, 'yunet_snmp_traps_unknown_source_total{source="other"}')).toBe(1);
  });

  it('counts and drops malformed datagrams and keeps receiving', async () => {
    const sock = dgram.createSocket('udp4');
    const junk = [Buffer.from('not snmp at all'), Buffer.from([0x30, 0x82, 0xff, 0xff, 0x02]), Buffer.alloc(0), Buffer.from([0x30, 0x03, 0x02, 0x01, 0x07])];
    for (const b of junk) await new Promise<void>((r) => sock.send(b, trapPort, '127.0.0.1', () => r()));
    sock.close();
    await waitFor('malformed counted', async () => (metric(await metrics(), 'yunet_snmp_traps_rejected_total{reason="malformed"}') ?? 0) >= 3);
    await v2c('public', '1.3.6.1.6.3.1.1.5.4', ['1.3.6.1.2.1.2.2.1.1.1', 'i', '1']);
    const up = await waitFor('linkUp after junk', async () => (await events('?trap=linkUp')).body.events[0] ?? null);
    expect(up.summary).toBe('linkUp: lo (ifIndex 1) up');
  });

  it('filters /api/events and names a bad filter', async () => {
    const byDevice = (await events('?device=r1&category=config')).body.events;
    expect(byDevice.map((e) => e.trap).sort()).toEqual(['ciscoConfigManEvent', 'hwCfgChgNotify']);
    const bad = await events('?category=bogus');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/category/);
    expect((await yunet.app.request('/api/events')).status).toBe(401);
  });
});
