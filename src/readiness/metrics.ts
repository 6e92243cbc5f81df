import { Gauge, type Registry } from 'prom-client';
import type { Readiness } from './service';
import type { MetricDef, Sample } from '../../collectors/types';
import type { Families } from '../context';
import { CHECK_IDS, FINDING_KINDS, YARDSTICKS, type ReadinessReport } from './types';

const deviceFamilies: MetricDef[] = [
  {
    name: 'yunet_dualstack_level',
    help: 'Dual-stack readiness level per device: 0 IPv4 only, 1 IPv6 enabled, 2 dual-stack addressed, 3 dual-stack in service, 4 SRv6 ready. Absent while unknown (never reached).',
    type: 'gauge',
  },
  { name: 'yunet_dualstack_check', help: `Readiness checklist per device: 1 pass, 0 fail, absent when unknown. Checks: ${CHECK_IDS.join(', ')}.`, type: 'gauge' },
  {
    name: 'yunet_ipv6_traffic_share_ratio',
    help: "IPv6 octets over all IP octets (in and out, ipSystemStats HC octets) in the device's latest interval in which its counters moved: agents answer from caches, so polls that find them unchanged are no new data. When: yunet_ipv6_traffic_interval_end_timestamp_seconds.",
    type: 'gauge',
  },
  {
    name: 'yunet_ipv6_traffic_interval_end_timestamp_seconds',
    help: "End of the interval the device's IPv6 traffic share comes from (Unix time); older than the latest poll while the agent's cached counters have not moved, after a counter reset, or while the device does not answer. Absent until the counters have moved once.",
    type: 'gauge',
  },
  { name: 'yunet_ipv6_traffic_interval_seconds', help: "Length of the interval the device's IPv6 traffic share comes from.", type: 'gauge' },
  { name: 'yunet_srv6_ready', help: 'Whether the device is SRv6 ready (declared, and the evidence agrees): 1 yes, 0 no; absent while unknown.', type: 'gauge' },
];

/** The per-device readiness series of a report (one to a few per device and check). */
function deviceSamples(report: ReadinessReport): Sample[] {
  const out: Sample[] = [];
  for (const d of report.devices) {
    const unit = d.unit ?? '';
    if (d.level !== null) out.push({ name: 'yunet_dualstack_level', labels: { device: d.device, unit }, value: d.level });
    for (const c of d.checks) if (c.status !== 'unknown') out.push({ name: 'yunet_dualstack_check', labels: { device: d.device, unit, check: c.id }, value: c.status === 'pass' ? 1 : 0 });
    if (d.ipv6TrafficShare !== null) out.push({ name: 'yunet_ipv6_traffic_share_ratio', labels: { device: d.device }, value: d.ipv6TrafficShare });
    if (d.ipv6TrafficInterval) {
      const from = Date.parse(d.ipv6TrafficInterval.from);
      const to = Date.parse(d.ipv6TrafficInterval.to);
      out.push({ name: 'yunet_ipv6_traffic_interval_end_timestamp_seconds', labels: { device: d.device }, value: to / 1000 });
      out.push({ name: 'yunet_ipv6_traffic_interval_seconds', labels: { device: d.device }, value: (to - from) / 1000 });
    }
    if (d.level !== null) out.push({ name: 'yunet_srv6_ready', labels: { device: d.device }, value: d.level === 4 ? 1 : 0 });
  }
  return out;
}

/**
 * yunet_* readiness metrics: per-device families rendered once per report (`families`), unit and district gauges on
 * `registry`. Both read the cached report.
 */
export function registerReadinessMetrics(registry: Registry, families: Families, readiness: Pick<Readiness, 'forScrape'>): void {
  families.add({
    defs: deviceFamilies,
    data: () => readiness.forScrape(),
    samples: deviceSamples,
  });
  new Gauge({
    name: 'yunet_unit_devices_by_level',
    help: 'Devices of a unit per readiness level (level="unknown" for devices never reached).',
    labelNames: ['unit', 'level'],
    registers: [registry],
    async collect() {
      const { units } = await readiness.forScrape();
      this.reset();
      for (const u of units) for (const [level, n] of Object.entries(u.byLevel)) this.set({ unit: u.unit, level }, n);
    },
  });
  new Gauge({
    name: 'yunet_unit_dualstack_ratio',
    help: 'Share of a unit\'s devices of known level at or above min_level (2 dual-stack addressed, 3 in service).',
    labelNames: ['unit', 'min_level'],
    registers: [registry],
    async collect() {
      const { units } = await readiness.forScrape();
      this.reset();
      for (const u of units) {
        if (u.shareLevel2Plus !== null) this.set({ unit: u.unit, min_level: '2' }, u.shareLevel2Plus);
        if (u.shareLevel3Plus !== null) this.set({ unit: u.unit, min_level: '3' }, u.shareLevel3Plus);
      }
    },
  });
  new Gauge({
    name: 'yunet_unit_ipv6_traffic_share_ratio',
    help: 'Traffic-weighted IPv6 share of a unit: IPv6 over all IP traffic of its devices, each device\'s octet rates taken from its latest interval in which its counters moved.',
    labelNames: ['unit'],
    registers: [registry],
    async collect() {
      const { units } = await readiness.forScrape();
      this.reset();
      for (const u of units) if (u.ipv6TrafficShare !== null) this.set({ unit: u.unit }, u.ipv6TrafficShare);
    },
  });
  new Gauge({
    name: 'yunet_ipv6_traffic_share_target_ratio',
    help: 'National IPv6 traffic-share yardsticks shown beside the unit figures (fixed and mobile networks).',
    labelNames: ['network', 'year'],
    registers: [registry],
    collect() {
      this.set({ network: 'fixed', year: String(YARDSTICKS.year) }, YARDSTICKS.fixedNetworkIpv6TrafficShare);
      this.set({ network: 'mobile', year: String(YARDSTICKS.year) }, YARDSTICKS.mobileNetworkIpv6TrafficShare);
    },
  });
  new Gauge({
    name: 'yunet_address_plan_findings',
    help: `Address-plan and SRv6 findings per unit and kind (${FINDING_KINDS.join(', ')}); unit="" for findings outside any unit.`,
    labelNames: ['unit', 'kind'],
    registers: [registry],
    async collect() {
      const report = await readiness.forScrape();
      this.reset();
      for (const u of report.units) for (const kind of FINDING_KINDS) this.set({ unit: u.unit, kind }, 0);
      for (const f of report.findings) this.inc({ unit: f.unit ?? '', kind: f.kind });
    },
  });
}
