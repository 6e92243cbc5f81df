import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { SnmpClient } from '../../src/snmp/client';
import { SnmpError } from '../../src/snmp/types';
import type { Credential } from '../../src/config/schema';
import { itWith } from '../support/requirements';
import { freeUdpPort, snmpbulkwalk, startSnmpd, type Snmpd } from '../support/snmpd';

const it = itWith({ commands: ['snmpd', 'snmpget', 'snmpbulkwalk'] });
const v2c: Credential = { version: '2c', community: 'public' };
const v3: Credential = { version: '3', username: 'opsv3', auth: { protocol: 'sha256', key: 'authpass123' }, priv: { protocol: 'aes', key: 'privpass123' } };
const IF_DESCR = '1.3.6.1.2.1.2.2.1.2';
const IF_OPER = '1.3.6.1.2.1.2.2.1.8';
const IF_NAME = '1.3.6.1.2.1.31.1.1.1.1';
const LOOP = '1.3.6.1.4.1.99999';

let agent: Snmpd;
const clients: SnmpClient[] = [];
function client(credential: Credential, port: number, opts: Partial<ConstructorParameters<typeof SnmpClient>[1]> = {}) {
  const c = new SnmpClient({ address: '127.0.0.1', port, credential }, { timeoutMs: 300, retries: 0, maxRepetitions: 25, ...opts });
  clients.push(c);
  return c;
}
async function failure(p: Promise<unknown>): Promise<SnmpError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SnmpError);
  return e as SnmpError;
}

beforeAll(async () => {
  if (!fs.existsSync('/usr/sbin/snmpd')) return;
  agent = await startSnmpd([
    'rocommunity public 127.0.0.1',
    'createUser opsv3 SHA-256 authpass123 AES privpass123',
    'rouser opsv3 priv',
    'createUser desuser SHA authpass123 DES privpass123',
    'rouser desuser priv',
    'sysName 番禺-lab',
    // A misbehaving extension: every GETNEXT below 99999 answers the same OID.
    `pass .${LOOP} /bin/sh ${path.resolve('test/fixtures/pass-loop.sh')}`,
  ]);
});
afterAll(() => {
  for (const c of clients) c.close();
  agent?.stop();
});

describe('SNMP client against a real snmpd', () => {
  it('GETs over v1, v2c and v3 authPriv; absences are values, not errors', async () => {
    for (const cred of [{ version: '1', community: 'public' } as Credential, v2c, v3]) {
      const [name, missing] = await client(cred, agent.port).get(['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.99.0']);
      expect(Buffer.from(name.value as Buffer).toString('utf8')).toBe('番禺-lab');
      expect(missing.value).toBeNull();
    }
  });

  it('reads over DES privacy when node runs with the legacy OpenSSL provider (as npm start does), and says so when not', () => {
    const run = (flags: string[]) =>
      execFileSync(process.execPath, [...flags, '--import', 'tsx', path.resolve('test/fixtures/des-get.ts'), String(agent.port)], { encoding: 'utf8' }).trim();
    expect(run(['--openssl-legacy-provider'])).toBe('ok 番禺-lab');
    expect(run([])).toMatch(/^error DES privacy needs the legacy OpenSSL provider/);
  });

  it('walks columns side by side and reads what snmpbulkwalk reads', async () => {
    const c = client(v2c, agent.port);
    const got = await c.walkColumns([IF_DESCR, IF_OPER, IF_NAME]);
    for (const root of [IF_DESCR, IF_OPER, IF_NAME]) {
      const reference = snmpbulkwalk(['-v2c', '-c', 'public', `127.0.0.1:${agent.port}`, root]);
      expect(got.get(root)!.map((vb) => vb.oid)).toEqual([...reference.keys()]);
      expect(reference.size).toBeGreaterThan(0);
    }
    const v1 = await client({ version: '1', community: 'public' }, agent.port).walk(IF_OPER);
    expect(v1.map((vb) => vb.value)).toEqual(got.get(IF_OPER)!.map((vb) => vb.value));
  });

  it('ends a walk of a looping agent with a walk_loop error instead of spinning', async () => {
    const e = await failure(client(v2c, agent.port).walk(LOOP));
    expect(e.kind).toBe('walk_loop');
    expect(e.message).toContain('1.3.6.1.4.1.99999.1.1');
  });

  it('classifies a wrong v3 key as auth and a wrong community as timeout, never echoing secrets', async () => {
    const wrongKey = await failure(client({ ...v3, auth: { protocol: 'sha256', key: 'wrongpass123' } } as Credential, agent.port).get(['1.3.6.1.2.1.1.3.0']));
    expect(wrongKey.kind).toBe('auth');
    const unknownUser = await failure(client({ ...v3, username: 'intruder' } as Credential, agent.port).get(['1.3.6.1.2.1.1.3.0']));
    expect(unknownUser.kind).toBe('auth');
    const community = await failure(client({ version: '2c', community: 's3cret-guess' }, agent.port).get(['1.3.6.1.2.1.1.3.0']));
    expect(community.kind).toBe('timeout');
    for (const e of [wrongKey, unknownUser, community]) expect(e.message).not.toMatch(/wrongpass123|s3cret-guess|authpass123/);
  });

  it('keeps its own hard timeout when nothing answers, and tells junk answers (protocol) from silence (timeout)', async () => {
    const junk = dgram.createSocket('udp4');
    await new Promise<void>((r) => junk.bind(0, '127.0.0.1', () => r()));
    let junkSent = 0;
    junk.on('message', (_msg, rinfo) => (junkSent++, junk.send(Buffer.from('30 03 02 01 ff'.replace(/ /g, ''), 'hex'), rinfo.port, rinfo.address)));
    const c = client(v2c, junk.address().port);
    const t0 = performance.now();
    const e = await failure(c.get(['1.3.6.1.2.1.1.3.0']));
    const elapsed = performance.now() - t0;
    junk.close();
    expect(e.kind).toBe('protocol');
    expect(e.message).toBe('the agent answered with datagrams that could not be decoded');
    expect(elapsed).toBeLessThan(c.hardTimeoutMs + 500);
    expect(junkSent).toBeGreaterThan(0);

    const silent = client(v2c, await freeUdpPort());
    expect((await failure(silent.get(['1.3.6.1.2.1.1.3.0']))).kind).toBe('timeout');
  });

  it('steps max-repetitions down when big answers get lost, and remembers what works', async () => {
    // A relay that drops answers over 1,000 bytes, as a path with a small MTU and no fragments would.
    const relay = dgram.createSocket('udp4');
    const upstream = dgram.createSocket('udp4');
    await new Promise<void>((r) => relay.bind(0, '127.0.0.1', () => r()));
    let caller: dgram.RemoteInfo | null = null;
    relay.on('message', (msg, rinfo) => {
      caller = rinfo;
      upstream.send(msg, agent.port, '127.0.0.1');
    });
    upstream.on('message', (msg) => {
      if (caller && msg.length <= 1000) relay.send(msg, caller.port, caller.address);
    });
    const c = client(v2c, relay.address().port, { maxRepetitions: 25 });
    const got = await c.walkColumns([IF_DESCR, IF_OPER, IF_NAME, '1.3.6.1.2.1.2.2.1.3', '1.3.6.1.2.1.2.2.1.4']);
    relay.close();
    upstream.close();
    expect(c.maxRepetitions).toBeLessThan(25);
    const direct = await client(v2c, agent.port).walk(IF_DESCR);
    expect(got.get(IF_DESCR)!.map((vb) => vb.oid)).toEqual(direct.map((vb) => vb.oid));
  });
});
