import type { Collector, Sample } from '../types';
import { column, num, text } from '../decode';
import { ratio, usageMetrics } from '../usage';

// HH3C-ENTITY-EXT-MIB hh3cEntityExtStateTable (and the same table under the old 2011.10 arc), by entPhysicalIndex.
const roots = ['1.3.6.1.4.1.25506.2.6.1.1.1.1', '1.3.6.1.4.1.2011.10.2.6.1.1.1.1'];
const ENT_PHYSICAL_NAME = '1.3.6.1.2.1.47.1.1.1.1.7';

export const h3cCpuMemory: Collector = {
  name: 'h3c-cpu-memory',
  appliesTo: (f) => f.vendor === 'h3c',
  walk: (f) => {
    const root = f.sysObjectID?.startsWith('1.3.6.1.4.1.2011.10') ? roots[1] : roots[0];
    return [`${root}.6`, `${root}.8`, ENT_PHYSICAL_NAME];
  },
  metrics: usageMetrics,
  parse({ walk }) {
    const root = roots.find((r) => (walk.get(`${r}.6`) ?? []).length > 0) ?? roots[0];
    const cpu = column(walk, `${root}.6`);
    const mem = column(walk, `${root}.8`);
    const names = column(walk, ENT_PHYSICAL_NAME);
    const samples: Sample[] = [];
    for (const idx of new Set([...cpu.keys(), ...mem.keys()])) {
      const c = Number(num(cpu.get(idx)?.value) ?? 0);
      const m = Number(num(mem.get(idx)?.value) ?? 0);
      // Entities without a processor (ports, fans) report 0 for both.
      if (c === 0 && m === 0) continue;
      const entity = text(names.get(idx)?.value) || `entity${idx}`;
      samples.push({ name: 'yunet_device_cpu_usage_ratio', labels: { entity }, value: ratio(c) });
      samples.push({ name: 'yunet_device_memory_usage_ratio', labels: { entity }, value: ratio(m) });
    }
    return { samples };
  },
};
