// The SNMPv3 matrix, run in its own node process with --openssl-legacy-provider (DES needs it, as `npm start`
// runs yunet): polls a real snmpd as every user, then sends every user's traps and informs with net-snmp's
// own snmptrap/snmpinform to yunet's receiver. Prints one JSON line of results.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { authProtocols, configSchema, type Credential } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { SnmpClient } from '../../src/snmp/client';
import { SnmpError } from '../../src/snmp/types';
import { events } from '../../db/schema/events';
import { createYunet } from '../../src/yunet';
import { freeUdpPort, startSnmpd } from '../support/snmpd';
import { testDatabase } from '../support/database';

const AUTH_KEY = 'matrix-auth-key-1';
const PRIV_KEY = 'matrix-priv-key-1';
/** net-snmp (C tools, snmpd.conf) names of each protocol. */
const toolAuth: Record<string, string> = { md5: 'MD5', sha: 'SHA', sha224: 'SHA-224', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const toolPriv: Record<string, string> = { des: 'DES', aes: 'AES', aes256b: 'AES-256', aes256r: 'AES-256-C' };

interface Case {
  user: string;
  level: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';
  auth?: string;
  priv?: string;
}
const cases: Case[] = [{ user: 'm-none', level: 'noAuthNoPriv' }];
for (const a of authProtocols) {
  cases.push({ user: `m-${a}`, level: 'authNoPriv', auth: a });
  for (const p of Object.keys(toolPriv)) cases.push({ user: `m-${a}-${p}`, level: 'authPriv', auth: a, priv: p });
}

const credential = (c: Case, authKey = AUTH_KEY): Credential =>
  ({
    version: '3',
    username: c.user,
    ...(c.auth ? { auth: { protocol: c.auth, key: authKey } } : {}),
    ...(c.priv ? { priv: { protocol: c.priv, key: PRIV_KEY } } : {}),
  }) as Credential;
const toolArgs = (c: Case, authKey = AUTH_KEY) => [
  '-v3', '-u', c.user, '-l', c.level,
  ...(c.auth ? ['-a', toolAuth[c.auth], '-A', authKey] : []),
  ...(c.priv ? ['-x', toolPriv[c.priv], '-X', PRIV_KEY] : []),
];

const conf = cases.flatMap((c) => [
  `createUser ${c.user}${c.auth ? ` ${toolAuth[c.auth]} ${AUTH_KEY}` : ''}${c.priv ? ` ${toolPriv[c.priv]} ${PRIV_KEY}` : ''}`,
  `rouser ${c.user} ${c.level === 'noAuthNoPriv' ? 'noauth' : c.level === 'authNoPriv' ? 'auth' : 'priv'}`,
]);

const snmpd = await startSnmpd([...conf, 'rocommunity public 127.0.0.1', 'sysName matrix-lab']);
const poll: Record<string, string> = {};
for (const c of cases) {
  const client = new SnmpClient({ address: '127.0.0.1', port: snmpd.port, credential: credential(c) }, { timeoutMs: 1000, retries: 0, maxRepetitions: 10 });
  poll[c.user] = await client.get(['1.3.6.1.2.1.1.5.0']).then(
    (vbs) => `ok ${String(vbs[0].value)}`,
    (e: Error) => `error ${e instanceof SnmpError ? e.kind : 'other'}: ${e.message}`,
  );
  client.close();
}
// A wrong auth key, as an attacker guessing it: refused as kind auth, the key nowhere in the message.
const wrong = new SnmpClient({ address: '127.0.0.1', port: snmpd.port, credential: credential(cases.find((c) => c.user === 'm-sha256-aes')!, 'not-the-key-123') }, { timeoutMs: 1000, retries: 0, maxRepetitions: 10 });
const wrongPoll = await wrong.get(['1.3.6.1.2.1.1.5.0']).then(() => 'ok', (e: SnmpError) => `${e.kind}: ${e.message}`);
wrong.close();
snmpd.stop();

// Traps and informs: every user is a credential some device uses, so the receiver accepts it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-v3m-'));
const trapPort = await freeUdpPort();
const config = configSchema.parse({
  database: await testDatabase(path.join(dir, 'y.db')),
  traps: { port: trapPort, address: '127.0.0.1' },
  credentials: Object.fromEntries(cases.map((c) => [c.user, credential(c)])),
  devices: cases.map((c, i) => ({ name: `d-${c.user}`, address: `198.18.9.${i + 1}`, credential: c.user, enabled: false })),
});
const yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
await new Promise((r) => setTimeout(r, 500));
const send = (tool: string, args: string[]) =>
  promisify(execFile)(tool, ['-M', '/nonexistent', '-t', '2', '-r', '1', ...args], { env: { ...process.env, MIBS: '' } }).then(
    () => 'sent',
    (e: Error) => `tool failed: ${e.message.split('\n')[0]}`,
  );
const sent: Record<string, { trap: string; inform: string }> = {};
for (const [i, c] of cases.entries()) {
  // A distinct trap OID per user tells the stored events apart.
  const oid = `1.3.6.1.4.1.99999.0.${i + 1}`;
  sent[c.user] = {
    trap: await send('snmptrap', [...toolArgs(c), '-e', '0x80001f8880aabbcc01', `127.0.0.1:${trapPort}`, '', oid]),
    inform: await send('snmpinform', [...toolArgs(c), `127.0.0.1:${trapPort}`, '', `${oid}.1`]),
  };
}
const wrongTrap = await send('snmptrap', [...toolArgs(cases.find((c) => c.user === 'm-sha256-aes')!, 'not-the-key-123'), '-e', '0x80001f8880aabbcc01', `127.0.0.1:${trapPort}`, '', '1.3.6.1.4.1.99999.0.999']);
await new Promise((r) => setTimeout(r, 500));
await yunet.close(); // flushes the receiver's queue
const { openDatabase } = await import('../../db/index');
const database = await openDatabase(config.database.url ?? config.database.path);
const stored = await database.db.select({ trapOid: events.trapOid, kind: events.kind, version: events.version, attribution: events.attribution }).from(events);
await database.close();
fs.rmSync(dir, { recursive: true, force: true });

const traps: Record<string, { sent: typeof sent[string]; trap: unknown; inform: unknown }> = {};
for (const [i, c] of cases.entries()) {
  const oid = `1.3.6.1.4.1.99999.0.${i + 1}`;
  traps[c.user] = { sent: sent[c.user], trap: stored.find((e) => e.trapOid === oid) ?? null, inform: stored.find((e) => e.trapOid === `${oid}.1`) ?? null };
}
console.log(JSON.stringify({ cases, poll, wrongPoll, traps, wrongTrap, wrongStored: stored.some((e) => e.trapOid.endsWith('.999')) }));
