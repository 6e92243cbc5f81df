import { describe, expect, it } from 'vitest';
import { ownerOf, type Seat } from '../../src/cluster/rendezvous';

const devices = Array.from({ length: 3000 }, (_, i) => `dev-${i}`);
const seats = (...names: string[]): Seat[] => names.map((name) => ({ name, groups: ['default'] }));
const share = (s: Seat[]) => new Map(devices.map((d) => [d, ownerOf(d, 'default', s)]));

describe('rendezvous ownership', () => {
  it('gives every device exactly one owner, about a third each on three nodes, whatever the order of the nodes', () => {
    const owners = share(seats('a', 'b', 'c'));
    expect([...owners.values()].every((o) => o !== null)).toBe(true);
    const counts = new Map<string, number>();
    for (const o of owners.values()) counts.set(o!, (counts.get(o!) ?? 0) + 1);
    // Binomial(3000, 1/3): standard deviation ≈ 26; ±100 is almost four of them.
    for (const n of ['a', 'b', 'c']) expect(Math.abs(counts.get(n)! - 1000), n).toBeLessThan(100);
    expect(share(seats('c', 'a', 'b'))).toEqual(owners);
  });

  it('moves only the devices of a node that leaves, spread over the others', () => {
    const before = share(seats('a', 'b', 'c'));
    const after = share(seats('a', 'b'));
    let moved = 0;
    for (const d of devices) {
      if (before.get(d) === 'c') {
        moved++;
        expect(['a', 'b']).toContain(after.get(d));
      } else expect(after.get(d), d).toBe(before.get(d));
    }
    const toA = devices.filter((d) => before.get(d) === 'c' && after.get(d) === 'a').length;
    expect(Math.abs(toA - moved / 2)).toBeLessThan(moved * 0.15);
  });

  it('moves to a node that joins only the devices it takes, about a quarter of them', () => {
    const before = share(seats('a', 'b', 'c'));
    const after = share(seats('a', 'b', 'c', 'd'));
    const moved = devices.filter((d) => after.get(d) !== before.get(d));
    expect(moved.every((d) => after.get(d) === 'd')).toBe(true);
    expect(Math.abs(moved.length - 750)).toBeLessThan(100);
  });

  it('keeps a device on nodes serving its poller group, and leaves it unowned when none does', () => {
    const s: Seat[] = [
      { name: 'core-1', groups: ['default'] },
      { name: 'dmz-1', groups: ['dmz'] },
      { name: 'both', groups: ['default', 'dmz'] },
    ];
    for (const d of devices.slice(0, 200)) {
      expect(['dmz-1', 'both']).toContain(ownerOf(d, 'dmz', s));
      expect(['core-1', 'both']).toContain(ownerOf(d, 'default', s));
      expect(ownerOf(d, 'lab', s)).toBeNull();
    }
  });
});
