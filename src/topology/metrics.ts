import { Gauge, type Registry } from 'prom-client';
import type { Topology } from './service';

/** Series of unknown neighbours exported at most (a rogue switch announcing thousands must not flood Prometheus). */
export const MAX_UNKNOWN_NEIGHBOUR_SERIES = 2000;

/**
 * yunet_topology_unknown_neighbour: neighbours that match no inventory device by chassis id, sysName or management
 * address — the matching the per-device yunet_link_info series cannot do, since each device's series know only
 * that device. The YunetUnknownNeighbour rule reads it.
 */
export function registerTopologyMetrics(registry: Registry, topology: Pick<Topology, 'view'>): void {
  new Gauge({
    name: 'yunet_topology_unknown_neighbour',
    help: `A LLDP/CDP neighbour that is no inventory device (always 1; at most ${MAX_UNKNOWN_NEIGHBOUR_SERIES} series).`,
    labelNames: ['unit', 'device', 'ifName', 'neighbour', 'neighbour_ifName'],
    registers: [registry],
    collect() {
      this.reset();
      for (const u of topology.view().unknown.slice(0, MAX_UNKNOWN_NEIGHBOUR_SERIES))
        this.set({ unit: u.unit ?? '', device: u.device, ifName: u.ifName, neighbour: u.neighbour, neighbour_ifName: u.neighbourIfName }, 1);
    },
  });
}
