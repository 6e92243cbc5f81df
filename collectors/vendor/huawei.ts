import type { Collector, Sample } from '../types';
import { column, num, text } from '../decode';
import { ratio, usageMetrics } from '../usage';

// HUAWEI-ENTITY-EXTENT-MIB hwEntityStateTable, indexed by entPhysicalIndex.
const CPU = '1.3.6.1.4.1.2011.5.25.31.1.1.1.1.5';
const CPU_THRESHOLD = '1.3.6.1.4.1.2011.5.25.31.1.1.1.1.6';
const MEM = '1.3.6.1.4.1.2011.5.25.31.1.1.1.1.7';
const ENT_PHYSICAL_NAME = '1.3.6.1.2.1.47.1.1.1.1.7';

export const huaweiCpuMemory: Collector = {
  name: 'huawei-cpu-memory',
  appliesTo: (f) => f.vendor === 'huawei',
  walk: [CPU, CPU_THRESHOLD, MEM, ENT_PHYSICAL_NAME],
  metrics: usageMetrics,
  parse({ walk }) {
    const cpu = column(walk, CPU);
    const threshold = column(walk, CPU_THRESHOLD);
    const mem = column(walk, MEM);
    const names = column(walk, ENT_PHYSICAL_NAME);
    const samples: Sample[] = [];
    for (const [idx] of cpu) {
      // Entities without a CPU threshold (fans, ports, power) report placeholder zeros.
      if (Number(num(threshold.get(idx)?.value) ?? 0) === 0) continue;
      const entity = text(names.get(idx)?.value) || `entity${idx}`;
      const c = num(cpu.get(idx)?.value);
      const m = num(mem.get(idx)?.value);
      if (c !== null) samples.push({ name: 'yunet_device_cpu_usage_ratio', labels: { entity }, value: ratio(c) });
      if (m !== null) samples.push({ name: 'yunet_device_memory_usage_ratio', labels: { entity }, value: ratio(m) });
    }
    return { samples };
  },
};
