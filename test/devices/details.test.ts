import { describe, expect, it } from 'vitest';
import type { InterfaceRow } from '../../collectors/types';
import type { DeviceRow } from '../../db/schema/inventory';
import { DeviceDetails } from '../../src/devices/details';
import type { PollResult } from '../../src/poll/result';

const row = (ifIndex: number, inOctets: bigint | null, outOctets: bigint | null): InterfaceRow => ({
  ifIndex, name: `ge${ifIndex}`, ifDescr: `ge${ifIndex}`, ifAlias: '', ifType: 6, ifAdminStatus: 1, ifOperStatus: 1,
  speed: 1e9, inOctets, outOctets, inErrors: 0n, outErrors: 0n,
});

const poll = (at: number, interfaces?: InterfaceRow[]): PollResult => ({
  device: { name: 'r1' } as DeviceRow,
  at: new Date(at * 1000),
  up: true,
  facts: null,
  errors: [],
  samples: new Map(),
  evidence: interfaces ? { interfaces } : {},
});

describe('device details: interface rates', () => {
  it('are bits per second between the last two polls of the interfaces, by ifIndex, none across a reset', () => {
    const details = new DeviceDetails();
    details.observe(poll(100, [row(1, 1000n, 5000n), row(2, 10n, 10n)]));
    expect(details.get('r1')!.interfaces.map((i) => [i.inBps, i.outBps])).toEqual([[null, null], [null, null]]);

    // 10 s later: ifIndex 2 went back (a counter reset), ifIndex 3 is new, the rows came in another order.
    details.observe(poll(110, [row(3, 7n, 7n), row(2, 5n, 20n), row(1, 2250n, 5000n)]));
    const d = details.get('r1')!;
    expect(d.rateSeconds).toBe(10);
    expect(d.interfaces.map((i) => [i.ifIndex, i.inBps, i.outBps])).toEqual([
      [3, null, null],
      [2, null, 8], // in: reset; out: 10 octets × 8 bits / 10 s
      [1, 1000, 0], // 1,250 octets × 8 / 10 s
    ]);

    // A poll without interface rows (the collector failed) leaves the rows and their rates as they were.
    details.observe(poll(120));
    expect(details.get('r1')!.interfaces.map((i) => i.inBps)).toEqual([null, null, 1000]);
  });

  it('has none for an interface whose counters the agent does not serve', () => {
    const details = new DeviceDetails();
    details.observe(poll(0, [row(1, null, 100n)]));
    details.observe(poll(5, [row(1, null, 200n)]));
    expect(details.get('r1')!.interfaces[0]).toMatchObject({ inBps: null, outBps: 160 });
  });
});
