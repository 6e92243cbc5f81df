import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import type { NeighbourLink } from '../../collectors/neighbours';
import type { PollResult } from '../../src/poll/result';
import { Topology } from '../../src/topology/service';
import { LayoutTooLarge, MAX_LAYOUT_NODES, TopologyLayouter } from '../../src/topology/layout';
import { MAX_UNKNOWN_NEIGHBOUR_SERIES, registerTopologyMetrics } from '../../src/topology/metrics';

// Hand-made: devices each reporting many LLDP neighbours that are in no inventory (a switch stack of phones).
function flooded(devices: number, perDevice: number): Topology {
  const topology = new Topology();
  for (let d = 0; d < devices; d++) {
    const neighbours: NeighbourLink[] = Array.from({ length: perDevice }, (_, i) => ({
      protocol: 'lldp',
      localPort: i + 1,
      localPortName: `GE0/0/${i + 1}`,
      chassisId: `02:00:00:${d.toString(16).padStart(2, '0')}:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
      sysName: `phone-${d}-${i}`,
      portName: 'eth0',
      portDesc: '',
      managementAddresses: [],
      localIfIndex: i + 1,
    }));
    const device = { name: `acc-${d}`, address: `198.18.3.${d + 1}`, unit: null } as unknown as PollResult['device'];
    topology.observe({ device, at: new Date(), up: true, facts: { vendor: 'huawei', sysObjectID: null, snmpVersion: '2c' }, errors: [], samples: new Map(), evidence: { neighbours } });
  }
  return topology;
}

describe('topology limits', () => {
  it(`exports at most ${MAX_UNKNOWN_NEIGHBOUR_SERIES} unknown-neighbour series and counts the rest`, async () => {
    const registry = new Registry();
    registerTopologyMetrics(registry, flooded(5, 512));
    const text = await registry.metrics();
    expect(text.split('\n').filter((l) => l.startsWith('yunet_topology_unknown_neighbour{'))).toHaveLength(MAX_UNKNOWN_NEIGHBOUR_SERIES);
    expect(text).toContain(`yunet_topology_series_dropped{family="unknown_neighbour"} ${5 * 512 - MAX_UNKNOWN_NEIGHBOUR_SERIES}`);
    expect(text).toContain('yunet_topology_series_dropped{family="link_up"} 0');
  });

  it(`refuses to lay out more than ${MAX_LAYOUT_NODES} nodes, naming the count`, async () => {
    const view = flooded(3, 512).view();
    expect(view.nodes.length).toBe(3 + 3 * 512);
    const layouter = new TopologyLayouter();
    try {
      const refused = layouter.layout(view, () => '');
      await expect(refused).rejects.toBeInstanceOf(LayoutTooLarge);
      await expect(refused).rejects.toThrow(`${view.nodes.length} nodes: more than ${MAX_LAYOUT_NODES}`);
    } finally {
      layouter.close();
    }
  });
});
