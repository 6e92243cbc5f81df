import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Fleet } from '../poll/fleet';
import { CachedFamilies } from './cached-families';
import { segmentCounts } from './gzip-segments';

/**
 * prom-client registry for yunet's own process and application metrics (small cardinality).
 * Device series never go through it: see exposition.ts.
 */
export function createAppRegistry(fleet: Fleet): { registry: Registry; families: CachedFamilies; observeCycle(seconds: number): void; close(): void } {
  const registry = new Registry();
  const families = new CachedFamilies();
  // Standard names (process_cpu_seconds_total, nodejs_eventloop_lag_seconds, …) so the usual Node.js and
  // process dashboards work on yunet as they are.
  collectDefaultMetrics({ register: registry });
  // prom-client names these gauges *_total, which reads as a counter to every linter and PromQL user.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  // A 10 ms ticker measuring how late it runs. (perf_hooks' histogram drops the sample that spans a reset,
  // so a block straddling a scrape would vanish.)
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 10);
    last = now;
  }, 10);
  ticker.unref();
  new Gauge({
    name: 'yunet_event_loop_block_max_seconds',
    help: 'Longest the event loop was blocked since the previous scrape (10 ms resolution).',
    registers: [registry],
    collect() {
      // A block still going on when the scrape runs counts too.
      this.set(Math.max(longest, performance.now() - last - 10, 0) / 1000);
      longest = 0;
    },
  });

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
  new Counter({
    name: 'yunet_series_families_rendered_total',
    help: 'Device metric families rendered by polls (in this process): compressed anew, or unchanged since the poll before and kept as they were.',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: 'compressed' }, segmentCounts.compressed);
      this.inc({ result: 'unchanged' }, segmentCounts.unchanged);
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
    help: 'Devices this node polls (all of them on a single node), by poll state: up, down, backoff (down and polled less often), unknown (not polled yet).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = { up: 0, down: 0, backoff: 0, unknown: 0 };
      for (const { state } of fleet.owned()) {
        if (state.up === null) counts.unknown++;
        else if (state.up) counts.up++;
        else if (state.nextCycle > 0) counts.backoff++;
        else counts.down++;
      }
      for (const [k, v] of Object.entries(counts)) this.set({ state: k }, v);
    },
  });
  return { registry, families, observeCycle: (s) => cycle.observe(s), close: () => clearInterval(ticker) };
}
