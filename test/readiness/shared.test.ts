import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sharedDatabaseFile } from '../support/shared-db';
import { credentials, devices } from '../../db/schema/inventory';
import { SharedEvidence } from '../../src/readiness/shared';
import { versionOf } from '../../db/versions';
import { deviceEvidence } from '../../db/schema/cluster';
import superjson from 'superjson';

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
    await a.publish([
      ['sw-1', { up: true, evidence: null, at, note: null, traffic, system, poll: { at, vendor: 'huawei', errors: [] }, topology }],
      ['sw-2', { up: false, evidence: null, at: null, note: 'never reached', traffic: null, system: null, poll: { at, vendor: null, errors: [{ kind: 'timeout', message: 'no answer within 1000 ms', collector: 'system' }] }, topology: null }],
    ]);
    const before = await versionOf(db.db, ['devices', 'units']);
    await Promise.all([a.refresh(), b.refresh()]);
    expect(b.others().get('sw-1')).toEqual({ node: 'a', up: true, evidence: null, at, note: null, traffic, system, poll: { at, vendor: 'huawei', errors: [] }, topology });
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
    ]);
    await b.refresh();
    expect([...b.others().keys()]).toEqual(['sw-1']);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^evidence of 3 device\(s\) from other nodes cannot be read, left out \(first: device "sw-\d" from node "c": /);
  });
});
