import { Gauge, type Registry } from 'prom-client';
import type { Topology, TopologyView } from './service';

/** Series of unknown neighbours exported at most (a rogue switch announcing thousands must not flood Prometheus). */
export const MAX_UNKNOWN_NEIGHBOUR_SERIES = 2000;
/** Links exported at most (5,000 devices with four links each is 10,000). */
export const MAX_LINK_SERIES = 50_000;

/**
 * yunet_topology_link_up: one series per link of the graph, from both ends' last polls — 0 when either device or
 * interface is down, or when LLDP/CDP stopped reporting a link seen within the last day (the per-device
 * yunet_link_up series vanish with the neighbour's LLDP entry, so they cannot say that).
 * yunet_topology_unknown_neighbour: neighbours that match no inventory device by chassis id, sysName or management
 * address — the matching the per-device yunet_link_info series cannot do, since each device's series know only
 * that device. The YunetUnknownNeighbour rule reads it.
 */
export function registerTopologyMetrics(registry: Registry, topology: Pick<Topology, 'fresh'>, servesFleet: () => boolean = () => true): void {
  // The graph joins devices of every node: one node exports it (as the readiness figures).
  const view = async (): Promise<TopologyView | null> => (servesFleet() ? topology.fresh() : null);
  new Gauge({
    name: 'yunet_topology_link_up',
    help: `A link of the topology: 1 up, 0 down at either end or no longer reported (kept a day; at most ${MAX_LINK_SERIES} series).`,
    labelNames: ['unit', 'device', 'ifName', 'neighbour', 'neighbour_ifName'],
    registers: [registry],
    async collect() {
      this.reset();
      const v = await view();
      if (!v) return;
      const units = new Map(v.nodes.map((n) => [n.id, n.unit ?? '']));
      for (const l of v.links.slice(0, MAX_LINK_SERIES))
        this.set({ unit: units.get(l.a.node) ?? '', device: l.a.node, ifName: l.a.ifName, neighbour: l.b.node, neighbour_ifName: l.b.ifName }, l.state === 'up' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'yunet_topology_series_dropped',
    help: 'Topology series not exported because their family is at its cap (family = link_up or unknown_neighbour).',
    labelNames: ['family'],
    registers: [registry],
    async collect() {
      this.reset();
      const v = await view();
      if (!v) return;
      this.set({ family: 'link_up' }, Math.max(0, v.links.length - MAX_LINK_SERIES));
      this.set({ family: 'unknown_neighbour' }, Math.max(0, v.unknown.length - MAX_UNKNOWN_NEIGHBOUR_SERIES));
    },
  });
  new Gauge({
    name: 'yunet_topology_unknown_neighbour',
    help: `A LLDP/CDP neighbour that is no inventory device (always 1; at most ${MAX_UNKNOWN_NEIGHBOUR_SERIES} series).`,
    labelNames: ['unit', 'device', 'ifName', 'neighbour', 'neighbour_ifName'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const u of (await view())?.unknown.slice(0, MAX_UNKNOWN_NEIGHBOUR_SERIES) ?? [])
        this.set({ unit: u.unit ?? '', device: u.device, ifName: u.ifName, neighbour: u.neighbour, neighbour_ifName: u.neighbourIfName }, 1);
    },
  });
}
