import { describe, expect, it } from 'vitest';
import type { Store } from '../../db/index';
import { sharedDatabaseFile } from '../support/shared-db';
import { configSchema } from '../../src/config/schema';
import { Membership } from '../../src/cluster/membership';
import { silentLogger } from '../../src/log';

const cluster = configSchema.parse({ cluster: { node_timeout_s: 15, heartbeat_s: 5 } }).cluster;
const devices = Array.from({ length: 300 }, (_, i) => `sw-${i}`);

describe('membership on a shared database', () => {
  const connect = sharedDatabaseFile('yn-members-');
  /** The connections of the nodes the test made last, in order. */
  let connections: Store[] = [];
  /** Each node its own connection to one database file, as separate processes have; one clock for the test. */
  const nodes = async (names: string[], clock: { t: number }, groups = cluster.groups) => {
    connections = [];
    for (let i = 0; i < names.length; i++) connections.push(await connect());
    return names.map((name, i) => {
      const d = connections[i];
      return new Membership(d.db, { ...cluster, groups }, name, `http://${name}.test:9470`, silentLogger, () => clock.t);
    });
  };

  it('shares the devices between live nodes, each to exactly one, and hands a dead node’s share to the others', async () => {
    const clock = { t: Date.UTC(2026, 11, 5) };
    const [a, b, c] = await nodes(['a', 'b', 'c'], clock);
    // Two rounds: in the first, a and b read the table before the later nodes had written.
    for (const n of [a, b, c, a, b, c]) await n.heartbeat(0);
    for (const d of devices) expect([a, b, c].filter((n) => n.owns(d, 'default')), d).toHaveLength(1);
    expect(a.view().map((n) => [n.name, n.alive])).toEqual([['a', true], ['b', true], ['c', true]]);
    // The first moment a live peer would be dead without another heartbeat: node_timeout_s after its last one.
    expect(a.nextExpiry()).toBe(clock.t + 15_000 + 1);

    // c stops heartbeating; within the timeout it still owns its share, past it a and b take it.
    const cShare = devices.filter((d) => c.owns(d, 'default'));
    clock.t += 14_000;
    await a.heartbeat(0);
    await b.heartbeat(0);
    expect(cShare.every((d) => !a.owns(d, 'default') && !b.owns(d, 'default'))).toBe(true);
    clock.t += 2_000;
    await a.heartbeat(0);
    await b.heartbeat(0);
    expect(a.view().find((n) => n.name === 'c')!.alive).toBe(false);
    // c dead: b's heartbeat counts, as a last read it (b's of 2 s ago: b beat after a this round).
    expect(a.nextExpiry()).toBe(clock.t - 2_000 + 15_000 + 1);
    for (const d of devices) expect([a, b].filter((n) => n.owns(d, 'default')), d).toHaveLength(1);
    expect(cShare.every((d) => a.owns(d, 'default') || b.owns(d, 'default'))).toBe(true);

    // c comes back and takes exactly its old share again.
    await c.heartbeat(0);
    await a.heartbeat(0);
    await b.heartbeat(0);
    expect(devices.filter((d) => a.owns(d, 'default') || b.owns(d, 'default'))).toHaveLength(devices.length - cShare.length);
    expect(devices.filter((d) => c.owns(d, 'default'))).toEqual(cShare);
  });

  it('tells a second process under the same name apart, and forgets nodes dead for a day', async () => {
    const clock = { t: Date.UTC(2026, 11, 5) };
    const [first, second, other] = await nodes(['same', 'same', 'gone'], clock);
    await first.heartbeat(0);
    await other.heartbeat(0);
    await second.heartbeat(0);
    expect(second.conflict).toBe(true);
    expect(first.conflict).toBe(false);
    await first.heartbeat(0);
    expect(first.conflict).toBe(true);
    clock.t += 24 * 3600 * 1000 + 1000;
    await first.heartbeat(0);
    expect(first.view().map((n) => n.name)).toEqual(['same']);
  });

  it('keeps its last view when the database is gone, so polling goes on', async () => {
    const clock = { t: Date.UTC(2026, 11, 5) };
    const [a, b] = await nodes(['a', 'b'], clock);
    await a.heartbeat(0);
    await b.heartbeat(0);
    await a.heartbeat(0);
    const mine = devices.filter((d) => a.owns(d, 'default'));
    await connections[0].close();
    await expect(a.heartbeat(0)).rejects.toThrow();
    expect(devices.filter((d) => a.owns(d, 'default'))).toEqual(mine);
    expect(mine.length).toBeGreaterThan(100);
  });

  it('gives the singleton lease to one node, to another once it expires, and drops it when the database is gone', async () => {
    const clock = { t: Date.UTC(2026, 11, 5) };
    const [a, b, c] = await nodes(['a', 'b', 'c'], clock);
    for (const n of [a, b, c, a, b, c]) await n.heartbeat(0);
    expect([a, b, c].map((n) => n.leader)).toEqual([true, false, false]);
    // a stops; within node_timeout_s nobody takes the lease, past it the next heartbeat does, and keeps it.
    clock.t += 14_000;
    for (const n of [b, c]) await n.heartbeat(0);
    expect([b, c].map((n) => n.leader)).toEqual([false, false]);
    expect(a.leader).toBe(true);
    clock.t += 2_000;
    expect(a.leader).toBe(false); // its lease ran out: it must not run singleton jobs any more
    for (const n of [c, b, c, b]) await n.heartbeat(0);
    expect([b, c].map((n) => n.leader)).toEqual([false, true]);
    await a.heartbeat(0);
    expect(a.leader).toBe(false);
    // c loses the database: it keeps the lease only until it would expire.
    await connections[2].close();
    await expect(c.heartbeat(0)).rejects.toThrow();
    expect(c.leader).toBe(true);
    clock.t += 15_001;
    expect(c.leader).toBe(false);
  });

  it('leaves a device of a group no live node serves unowned', async () => {
    const clock = { t: Date.UTC(2026, 11, 5) };
    const [a] = await nodes(['a'], clock, ['core']);
    await a.heartbeat(0);
    expect(a.ownerOf('sw-1', 'core')).toBe('a');
    expect(a.ownerOf('sw-1', 'default')).toBeNull();
  });
});
