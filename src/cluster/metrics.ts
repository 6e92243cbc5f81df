import { Gauge, type Registry } from 'prom-client';
import type { Fleet } from '../poll/fleet';
import type { ClusterMembership } from '../context';
import { forwardedPages } from './forward';

/** Enabled devices whose poller group no live node serves: nobody polls them. */
export function unownedDevices(fleet: Fleet, membership: ClusterMembership): string[] {
  return fleet
    .list()
    .filter((d) => membership.ownerOf(d.row.name, d.row.pollerGroup) === null)
    .map((d) => d.row.name);
}

/** Membership as this node sees it. Fleet-wide sums (owned devices) add up across nodes without double counting. */
export function registerClusterMetrics(registry: Registry, membership: ClusterMembership, fleet: Fleet): void {
  forwardedPages(registry);
  new Gauge({
    name: 'yunet_cluster_nodes',
    help: 'yunet nodes sharing the database, by state (alive: heartbeat younger than cluster.node_timeout_s), as this node last read them.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const nodes = membership.view();
      const alive = nodes.filter((n) => n.alive).length;
      this.set({ state: 'alive' }, alive);
      this.set({ state: 'dead' }, nodes.length - alive);
    },
  });
  new Gauge({
    name: 'yunet_cluster_owned_devices',
    help: 'Devices this node polls and exposes (its share of the fleet).',
    labelNames: ['node'],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ node: membership.name }, fleet.owned().length);
    },
  });
  new Gauge({
    name: 'yunet_cluster_unowned_devices',
    help: 'Enabled devices no live node polls: no live node serves their poller group (devices[].poller_group, cluster.groups).',
    registers: [registry],
    collect() {
      this.set(unownedDevices(fleet, membership).length);
    },
  });
  new Gauge({
    name: 'yunet_cluster_name_conflict',
    help: '1 while another process heartbeats under this node name (both poll the same share).',
    registers: [registry],
    collect() {
      this.set(membership.conflict ? 1 : 0);
    },
  });
}
