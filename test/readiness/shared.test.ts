import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sharedDatabaseFile } from '../support/shared-db';
import { credentials, devices } from '../../db/schema/inventory';
import { SharedEvidence } from '../../src/readiness/shared';
import { versionOf } from '../../db/versions';
import { deviceEvidence } from '../../db/schema/cluster';
import superjson from 'superjson';
import type { IpEvidence } from '../../collectors/ip-evidence';
import type { DeviceEvidence } from '../../src/readiness/shared';

/** Hand-made IP evidence of a dual-stack device; `address` its IPv6 address. */
function ipEvidence(address: string, counter: bigint): IpEvidence {
  return {
    raw: { ipForwarding: 1, ipv6IpForwarding: 1, ipv6Forwarding: null },
    ipv4Forwarding: true,
    ipv6Forwarding: true,
    addresses: [{ family: 'ipv6', address, scope: 'global', ifIndex: 1, prefixLength: 64, type: 'unicast', origin: 'manual', status: 'preferred', source: 'IP-MIB' }],
    interfaces: [{ ifIndex: 1, name: 'GE0/0/1', loopback: false, up: true, ipv4Enabled: true, ipv6Enabled: true }],
    ipv6Routes: [{ destination: '2001:db8:100::', prefixLength: 48, ifIndex: 1 }],
    ipv6RouteNumber: 1,
    counters: { ipv4: { in: 2n ** 64n - 1n, out: 5n, discontinuity: 0 }, ipv6: { in: counter, out: 9n, discontinuity: null } },
    ipv6MibFallback: false,
  };
}

describe('readiness evidence shared between nodes', () => {
  const connect = sharedDatabaseFile('yn-shared-evidence-');

  it('hands one node what another published, bigint counters and dates intact, and forgets removed devices', async () => {
    const [da, db] = [await connect(), await connect()];
    await da.db.insert(credentials).values({ name: 'c', version: '2c', secret: '{}' });
    for (const name of ['sw-1', 'sw-2']) await da.db.insert(devices).values({ name, address: '198.18.0.1', credential: 'c' });
    const a = new SharedEvidence(da.db, 'a');
    const b = new SharedEvidence(db.db, 'b');
    const at = new Date('2026-12-05T08:00:00Z');
    const traffic = { readAt: at, delta: { from: new Date('2026-12-05T07:59:00Z'), to: at, ipv4Octets: 2n ** 63n + 5n, ipv6Octets: 7n }, note: null };
    const system = { sysObjectID: '1.3.6.1.4.1.2011.2.23.96', sysDescr: 'Huawei Versatile Routing Platform Software', sysName: 'sw-1', sysLocation: '番禺', sysContact: '', sysUpTime: 100 };
    // A device's neighbours and interfaces, its utilisation a Map: all come back as they were.
    const topology = {
      name: 'sw-1', address: '198.18.0.1', unit: null, sysName: 'sw-1', chassisId: '00:11:22:33:44:55', up: true, at: at.getTime(),
      neighbours: [{ protocol: 'lldp' as const, localPort: 1, localPortName: 'GE0/0/1', chassisId: 'aa:bb', sysName: 'sw-2', portName: 'GE0/0/24', portDesc: '', managementAddresses: ['198.18.0.2'], localIfIndex: 1 }],
      interfaces: [{ ifIndex: 1, name: 'GE0/0/1', ifDescr: 'GigabitEthernet0/0/1', ifOperStatus: 1 }],
      utilisation: new Map([[1, 0.25]]),
    };
    const evidence = ipEvidence('2001:db8:1::1', 12n);
    await a.publish([
      ['sw-1', { up: true, evidence, at, note: null, traffic, system, poll: { at, vendor: 'huawei', errors: [] }, topology }],
      ['sw-2', { up: false, evidence: null, at: null, note: 'never reached', traffic: null, system: null, poll: { at, vendor: null, errors: [{ kind: 'timeout', message: 'no answer within 1000 ms', collector: 'system' }] }, topology: null }],
    ]);
    const before = await versionOf(db.db, ['devices', 'units']);
    await Promise.all([a.refresh(), b.refresh()]);
    expect(b.others().get('sw-1')).toEqual({ node: 'a', up: true, evidence, at, note: null, traffic, system, poll: { at, vendor: 'huawei', errors: [] }, topology });
    expect(b.others().get('sw-2')!.poll).toEqual({ at, vendor: null, errors: [{ kind: 'timeout', message: 'no answer within 1000 ms', collector: 'system' }] });
    expect(a.others().size).toBe(0); // its own rows are not "others"
    await da.db.delete(devices).where(eq(devices.name, 'sw-2'));
    // An inventory change through another connection moves the version the report is keyed by (the triggers).
    expect(await versionOf(db.db, ['devices', 'units'])).not.toBe(before);
    await a.prune();
    await b.refresh();
    expect([...b.others().keys()]).toEqual(['sw-1']);
  });

  it('leaves out a row it cannot read (another version, damage), keeps the others and says so once', async () => {
    const [da, db] = [await connect(), await connect()];
    const told: string[] = [];
    const a = new SharedEvidence(da.db, 'a');
    const b = new SharedEvidence(db.db, 'b', (e) => told.push(e.message));
    await a.publish([['sw-1', { up: true, evidence: null, at: null, note: null, traffic: null, system: null, poll: null, topology: null }]]);
    // Hand-made rows as a node of another version or a damaged database could leave them.
    const updatedAt = new Date();
    await da.db.insert(deviceEvidence).values([
      { device: 'sw-2', node: 'c', up: true, payload: '{"json":{"evidence":', updatedAt },
      { device: 'sw-3', node: 'c', up: true, payload: superjson.stringify({ topology: JSON.stringify({ name: 'sw-3', neighbours: 'many' }) }), updatedAt },
      { device: 'sw-4', node: 'c', up: true, payload: superjson.stringify({ topology: JSON.stringify({ name: 'sw-4', neighbours: Array(513).fill({}), interfaces: [], utilisation: [] }) }), updatedAt },
      // A sound row of the previous version (everything in the payload): read.
      { device: 'sw-5', node: 'c', up: false, payload: superjson.stringify({ evidence: null, at: null, note: 'never reached', traffic: null, system: null, poll: null, topology: null }), updatedAt },
    ]);
    await b.refresh();
    expect([...b.others().keys()].sort()).toEqual(['sw-1', 'sw-5']);
    expect(b.others().get('sw-5')).toMatchObject({ node: 'c', up: false, note: 'never reached', evidence: null });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^evidence of 3 device\(s\) from other nodes cannot be read, left out \(first: device "sw-\d" from node "c": /);
  });

  it('writes facts again only when they changed, and the reader fetches only the facts that moved', async () => {
    const [da, db] = [await connect(), await connect()];
    const a = new SharedEvidence(da.db, 'a');
    const b = new SharedEvidence(db.db, 'b');
    const entry = (address: string, counter: bigint): [string, DeviceEvidence] => ['sw-1', { up: true, evidence: ipEvidence(address, counter), at: null, note: null, traffic: null, system: null, poll: null, topology: null }];
    const factsOf = async () => (await da.db.select({ facts: deviceEvidence.facts }).from(deviceEvidence).where(eq(deviceEvidence.device, 'sw-1')))[0].facts;
    // A reader looks again when the newest write's millisecond moved: publications here are a few ms apart, cycles seconds.
    const publish = async (e: [string, DeviceEvidence]) => {
      await new Promise((r) => setTimeout(r, 3));
      await a.publish([e]);
    };
    await publish(entry('2001:db8:1::1', 1n));
    await b.refresh();
    // Damage the facts by hand, hash untouched: a writer that rewrote them, or a reader that fetched them again, would show.
    const marked = (await factsOf())!.replace('2001:db8:1::1', '2001:db8:1::dead');
    await da.db.update(deviceEvidence).set({ facts: marked }).where(eq(deviceEvidence.device, 'sw-1'));
    await publish(entry('2001:db8:1::1', 2n)); // counters moved, facts did not
    expect(await factsOf()).toBe(marked);
    await b.refresh();
    expect(b.others().get('sw-1')!.evidence!.counters.ipv6!.in).toBe(2n);
    expect(b.others().get('sw-1')!.evidence!.addresses[0].address).toBe('2001:db8:1::1');
    // A new address: the facts are written and read again.
    await publish(entry('2001:db8:1::2', 3n));
    await b.refresh();
    expect(b.others().get('sw-1')!.evidence!.addresses[0].address).toBe('2001:db8:1::2');
    expect(await factsOf()).toContain('2001:db8:1::2');
    // Every tenth publication writes them whatever the writer remembers (another node may have written meanwhile).
    await da.db.update(deviceEvidence).set({ facts: marked }).where(eq(deviceEvidence.device, 'sw-1'));
    for (let i = 3; i < 10; i++) await publish(entry('2001:db8:1::2', BigInt(i)));
    expect(await factsOf()).toBe(marked);
    await publish(entry('2001:db8:1::2', 10n));
    expect(await factsOf()).toContain('2001:db8:1::2');
  });

  it('leaves out a device whose facts cannot be read', async () => {
    const [da, db] = [await connect(), await connect()];
    const told: string[] = [];
    const b = new SharedEvidence(db.db, 'b', (e) => told.push(e.message));
    const updatedAt = new Date();
    const state = superjson.stringify({ at: null, note: null, traffic: null, poll: null, counters: null, sysUpTime: null, topology: { up: true, at: 0, utilisation: [] } });
    // Hand-made rows: facts cut short, and a topology whose neighbours are not a list.
    await da.db.insert(deviceEvidence).values([
      { device: 'sw-1', node: 'c', up: true, payload: state, facts: '{"evidence":', factsHash: 'x1', updatedAt },
      { device: 'sw-2', node: 'c', up: true, payload: state, facts: JSON.stringify({ evidence: null, system: null, topology: { name: 'sw-2', neighbours: 'many', interfaces: [] } }), factsHash: 'x2', updatedAt },
      { device: 'sw-3', node: 'c', up: true, payload: state, facts: JSON.stringify({ evidence: null, system: null, topology: null }), factsHash: 'x3', updatedAt },
    ]);
    await b.refresh();
    expect([...b.others().keys()]).toEqual(['sw-3']);
    expect(told).toEqual([expect.stringMatching(/^evidence of 2 device\(s\) from other nodes cannot be read, left out \(first: device "sw-\d" from node "c": /)]);
  });
});
