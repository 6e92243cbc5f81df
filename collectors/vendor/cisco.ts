import type { Collector, Sample } from '../types';
import { column, num, text } from '../decode';
import { ratio, usageMetrics } from '../usage';

// CISCO-PROCESS-MIB cpmCPUTotalTable and CISCO-MEMORY-POOL-MIB ciscoMemoryPoolTable.
const CPU_5MIN = '1.3.6.1.4.1.9.9.109.1.1.1.1.8';
const POOL_NAME = '1.3.6.1.4.1.9.9.48.1.1.1.2';
const POOL_USED = '1.3.6.1.4.1.9.9.48.1.1.1.5';
const POOL_FREE = '1.3.6.1.4.1.9.9.48.1.1.1.6';

export const ciscoCpuMemory: Collector = {
  name: 'cisco-cpu-memory',
  appliesTo: (f) => f.vendor === 'cisco',
  walk: [CPU_5MIN, POOL_NAME, POOL_USED, POOL_FREE],
  metrics: usageMetrics,
  parse({ walk }) {
    const samples: Sample[] = [];
    for (const [idx, vb] of column(walk, CPU_5MIN)) {
      const v = num(vb.value);
      if (v !== null) samples.push({ name: 'yunet_device_cpu_usage_ratio', labels: { entity: `cpu${idx}` }, value: ratio(v) });
    }
    const names = column(walk, POOL_NAME);
    const free = column(walk, POOL_FREE);
    for (const [idx, vb] of column(walk, POOL_USED)) {
      const used = Number(num(vb.value) ?? 0);
      const total = used + Number(num(free.get(idx)?.value) ?? 0);
      if (total <= 0) continue;
      samples.push({ name: 'yunet_device_memory_usage_ratio', labels: { entity: text(names.get(idx)?.value) || `pool${idx}` }, value: used / total });
    }
    return { samples };
  },
};
