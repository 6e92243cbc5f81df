import type { Collector, Sample } from '../types';
import { column, num } from '../decode';
import { ratio, usageMetrics } from '../usage';

// ZXR10 system table, indexed by board.
const CPU_5MIN = '1.3.6.1.4.1.3902.3.3.1.1.12';
const MEM_USED_PERCENT = '1.3.6.1.4.1.3902.3.3.1.1.4';

export const zteCpuMemory: Collector = {
  name: 'zte-cpu-memory',
  appliesTo: (f) => f.vendor === 'zte',
  walk: [CPU_5MIN, MEM_USED_PERCENT],
  metrics: usageMetrics,
  parse({ walk }) {
    const samples: Sample[] = [];
    for (const [idx, vb] of column(walk, CPU_5MIN)) {
      const v = num(vb.value);
      if (v !== null) samples.push({ name: 'yunet_device_cpu_usage_ratio', labels: { entity: `board${idx}` }, value: ratio(v) });
    }
    for (const [idx, vb] of column(walk, MEM_USED_PERCENT)) {
      const v = num(vb.value);
      if (v !== null) samples.push({ name: 'yunet_device_memory_usage_ratio', labels: { entity: `board${idx}` }, value: ratio(v) });
    }
    return { samples };
  },
};
