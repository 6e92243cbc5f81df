import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Fleet } from '../poll/fleet';

/**
 * prom-client registry for yunet's own process and application metrics (small cardinality).
 * Device series never go through it: see exposition.ts.
 */
export function createAppRegistry(fleet: Fleet): { registry: Registry; observeCycle(seconds: number): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'yunet_process_' });
  // prom-client names these gauges *_total, which reads as a counter to every linter and PromQL user.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
    registry.removeSingleMetric(`yunet_process_${name}`);

  new Counter({
    name: 'yunet_snmp_requests_total',
    help: 'SNMP requests sent to devices (GET, GETNEXT, GETBULK), retries by net-snmp not counted.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(fleet.totals.requests);
    },
  });
  new Counter({
    name: 'yunet_snmp_varbinds_total',
    help: 'Varbinds received from devices.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(fleet.totals.varbinds);
    },
  });
  const cycle = new Histogram({
    name: 'yunet_poll_cycle_duration_seconds',
    help: 'Wall time of a whole poll cycle over the fleet.',
    buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120],
    registers: [registry],
  });
  new Gauge({
    name: 'yunet_devices',
    help: 'Devices in inventory by poll state: up, down, backoff (down and polled less often), unknown (not polled yet).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = { up: 0, down: 0, backoff: 0, unknown: 0 };
      for (const { state } of fleet.list()) {
        if (state.up === null) counts.unknown++;
        else if (state.up) counts.up++;
        else if (state.nextCycle > 0) counts.backoff++;
        else counts.down++;
      }
      for (const [k, v] of Object.entries(counts)) this.set({ state: k }, v);
    },
  });
  return { registry, observeCycle: (s) => cycle.observe(s) };
}
