import type { AppContext } from './context';
import { Readiness } from './readiness/service';
import { DeviceDetails } from './devices/details';
import { Topology } from './topology/service';
import { registerTopologyMetrics } from './topology/metrics';
import { registerClusterMetrics } from './cluster/metrics';

/** The stateful services of the process, built once by the composition root and handed to routes and features. */
export interface Services {
  readiness: Readiness;
  /** Identity, interfaces with rates, CPU and memory of each device's latest polls, for the device pages. */
  details: DeviceDetails;
  /** LLDP/CDP neighbours of every device, joined into the district's graph. */
  topology: Topology;
}

export function createServices(ctx: AppContext): Services {
  const details = new DeviceDetails();
  ctx.fleet.onPolled((poll) => details.observe(poll));
  // Readiness shares each device's topology with the other nodes and reads theirs (one evidence row per device).
  const topology: Topology = new Topology(Date.now, () => readiness.topologyElsewhere(), () => readiness.sync());
  const readiness: Readiness = new Readiness(ctx, (device) => topology.shared(device));
  ctx.fleet.onPolled((poll) => topology.observe(poll));
  registerTopologyMetrics(ctx.registry, topology, () => ctx.membership.fleetWide);
  ctx.fleet.onCycleEnd(() => {
    for (const name of topology.names()) if (!ctx.fleet.states.has(name)) topology.forget(name);
  });
  registerClusterMetrics(ctx.registry, ctx.membership, ctx.fleet);
  return { readiness, details, topology };
}
