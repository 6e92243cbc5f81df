import { describe, expect, it } from 'vitest';
import type { InterfaceRow } from '../../collectors/types';
import type { NeighbourLink } from '../../collectors/neighbours';
import type { PollResult } from '../../src/poll/result';
import { Topology } from '../../src/topology/service';

// Hand-made: core-1 GE0/0/1 (1 Gb/s) faces acc-1 GE0/0/24 over LLDP; the counters are chosen by hand.
const row = (ifIndex: number, name: string, inOctets: bigint, outOctets: bigint): InterfaceRow => ({
  ifIndex, name, ifDescr: name, ifAlias: '', ifType: 6, ifAdminStatus: 1, ifOperStatus: 1, speed: 1e9, inOctets, outOctets, inErrors: 0n, outErrors: 0n,
});
const neighbour = (localIfIndex: number, localPortName: string, sysName: string, portName: string): NeighbourLink => ({
  protocol: 'lldp', localPort: localIfIndex, localPortName, chassisId: '', sysName, portName, portDesc: '', managementAddresses: [], localIfIndex,
});
const poll = (name: string, address: string, at: number, interfaces: InterfaceRow[], neighbours?: NeighbourLink[]): PollResult => ({
  device: { name, address, unit: null } as unknown as PollResult['device'],
  at: new Date(at),
  up: true,
  facts: { vendor: 'huawei', sysObjectID: null, snmpVersion: '2c' },
  errors: [],
  samples: new Map(),
  evidence: { system: { sysName: name, sysDescr: '', sysObjectID: '', sysLocation: '', sysContact: '', sysUpTime: 1 }, interfaces, ...(neighbours ? { neighbours } : {}) },
});

describe('topology link utilisation', () => {
  it('is the busier direction of the last two polls against the speed, and stays while a poll brings no counters', () => {
    const t = new Topology();
    const t0 = Date.UTC(2026, 11, 5, 8, 0, 0);
    t.observe(poll('core-1', '198.18.0.1', t0, [row(1, 'GE0/0/1', 0n, 0n)], [neighbour(1, 'GE0/0/1', 'acc-1', 'GE0/0/24')]));
    t.observe(poll('acc-1', '198.18.0.2', t0, [row(24, 'GE0/0/24', 0n, 0n)]));
    expect(t.view().links[0].utilisation).toBeNull(); // one poll: nothing to compare
    // 10 s later: 125,000,000 octets in (100 Mb/s, 10 %) and 250,000,000 out (200 Mb/s, 20 %) on core-1's side.
    t.observe(poll('core-1', '198.18.0.1', t0 + 10_000, [row(1, 'GE0/0/1', 125_000_000n, 250_000_000n)], [neighbour(1, 'GE0/0/1', 'acc-1', 'GE0/0/24')]));
    t.observe(poll('acc-1', '198.18.0.2', t0 + 10_000, [row(24, 'GE0/0/24', 250_000_000n, 125_000_000n)]));
    expect(t.view().links).toHaveLength(1);
    expect(t.view().links[0].utilisation).toBeCloseTo(0.2, 9);
    // A poll without the interfaces collector keeps the last figure.
    t.observe({ ...poll('core-1', '198.18.0.1', t0 + 20_000, [], [neighbour(1, 'GE0/0/1', 'acc-1', 'GE0/0/24')]), evidence: { neighbours: [neighbour(1, 'GE0/0/1', 'acc-1', 'GE0/0/24')] } });
    expect(t.view().links[0].utilisation).toBeCloseTo(0.2, 9);
  });
});
