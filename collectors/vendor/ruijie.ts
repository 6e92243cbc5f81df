import type { Collector, Sample } from '../types';
import { column, num, scalar } from '../decode';
import { ratio, usageMetrics } from '../usage';

// RUIJIE-PROCESS-MIB / RUIJIE-MEMORY-MIB.
const CPU_5MIN = '1.3.6.1.4.1.4881.1.1.10.2.36.1.1.3.0';
const MEM_UTIL = '1.3.6.1.4.1.4881.1.1.10.2.35.1.1.1.3';

export const ruijieCpuMemory: Collector = {
  name: 'ruijie-cpu-memory',
  appliesTo: (f) => f.vendor === 'ruijie',
  get: [CPU_5MIN],
  walk: [MEM_UTIL],
  metrics: usageMetrics,
  parse({ get, walk }) {
    const samples: Sample[] = [];
    const cpu = num(scalar(get, CPU_5MIN));
    if (cpu !== null) samples.push({ name: 'yunet_device_cpu_usage_ratio', labels: { entity: 'system' }, value: ratio(cpu) });
    for (const [idx, vb] of column(walk, MEM_UTIL)) {
      const v = num(vb.value);
      if (v !== null) samples.push({ name: 'yunet_device_memory_usage_ratio', labels: { entity: `memory${idx}` }, value: ratio(v) });
    }
    return { samples };
  },
};
