import type { Collector, MetricDef } from './types';
import { system } from './system';
import { interfaces } from './interfaces';
import { snmpSecurity } from './snmp-security';
import { hostResources } from './host-resources';
import { huaweiCpuMemory } from './vendor/huawei';
import { h3cCpuMemory } from './vendor/h3c';
import { ciscoCpuMemory } from './vendor/cisco';
import { ruijieCpuMemory } from './vendor/ruijie';
import { zteCpuMemory } from './vendor/zte';
import { ip } from './ip';
import { ipTraffic } from './ip-traffic';
import { neighbours } from './neighbours';

/** Every collector, in poll order. `system` must stay first: the poller runs it alone to learn the vendor. */
export const collectors: Collector[] = [
  system,
  interfaces,
  snmpSecurity,
  hostResources,
  huaweiCpuMemory,
  h3cCpuMemory,
  ciscoCpuMemory,
  ruijieCpuMemory,
  zteCpuMemory,
  ip,
  ipTraffic,
  neighbours,
];

/** HELP/TYPE for every family any collector can emit; families shared by collectors appear once. */
export function metricDefs(): Map<string, MetricDef> {
  const defs = new Map<string, MetricDef>();
  for (const c of collectors) for (const m of c.metrics) if (!defs.has(m.name)) defs.set(m.name, m);
  return defs;
}
