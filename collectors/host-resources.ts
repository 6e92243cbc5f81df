import type { Collector, Sample } from './types';
import { column, num, text } from './decode';
import { ratio, usageMetrics } from './usage';

const HR_PROCESSOR_LOAD = '1.3.6.1.2.1.25.3.3.1.2';
const HR_STORAGE = '1.3.6.1.2.1.25.2.3.1';
const storage = { type: `${HR_STORAGE}.2`, descr: `${HR_STORAGE}.3`, units: `${HR_STORAGE}.4`, size: `${HR_STORAGE}.5`, used: `${HR_STORAGE}.6` };
const HR_STORAGE_RAM = '1.3.6.1.2.1.25.2.1.2';

/** HOST-RESOURCES-MIB: Linux hosts, servers and gear of unknown make. */
export const hostResources: Collector = {
  name: 'host-resources',
  appliesTo: (f) => f.vendor === 'linux' || f.vendor === 'unknown',
  walk: [HR_PROCESSOR_LOAD, ...Object.values(storage)],
  metrics: [
    { name: 'hrProcessorLoad', help: 'The average, over the last minute, of the percentage of time that this processor was not idle. - 1.3.6.1.2.1.25.3.3.1.2', type: 'gauge' },
    { name: 'hrStorageSize', help: 'The size of the storage represented by this entry, in bytes (hrStorageSize x hrStorageAllocationUnits).', type: 'gauge' },
    { name: 'hrStorageUsed', help: 'The amount of the storage represented by this entry that is allocated, in bytes.', type: 'gauge' },
    ...usageMetrics,
  ],
  parse({ walk }) {
    const samples: Sample[] = [];
    const loads = [...column(walk, HR_PROCESSOR_LOAD)];
    for (const [idx, vb] of loads) {
      const v = num(vb.value);
      if (v === null) continue;
      samples.push({ name: 'hrProcessorLoad', labels: { hrDeviceIndex: idx }, value: v });
      samples.push({ name: 'yunet_device_cpu_usage_ratio', labels: { entity: `cpu${idx}` }, value: ratio(v) });
    }
    const types = column(walk, storage.type);
    const descr = column(walk, storage.descr);
    const units = column(walk, storage.units);
    const size = column(walk, storage.size);
    const used = column(walk, storage.used);
    const bytes = (col: typeof size, idx: string) => Number(num(col.get(idx)?.value) ?? 0) * Number(num(units.get(idx)?.value) ?? 1);
    // net-snmp on Linux counts buffers and page cache as used RAM; they are reclaimable, so leave them out.
    const reclaimable = [...descr].filter(([, d]) => /^(Memory buffers|Cached memory)$/.test(text(d.value))).reduce((sum, [idx]) => sum + bytes(used, idx), 0);
    for (const [idx] of size) {
      const s = bytes(size, idx);
      const u = bytes(used, idx);
      const labels = { hrStorageIndex: idx, hrStorageDescr: text(descr.get(idx)?.value) };
      samples.push({ name: 'hrStorageSize', labels, value: s }, { name: 'hrStorageUsed', labels, value: u });
      if (text(types.get(idx)?.value) === HR_STORAGE_RAM && s > 0)
        samples.push({ name: 'yunet_device_memory_usage_ratio', labels: { entity: labels.hrStorageDescr || `storage${idx}` }, value: Math.min(Math.max(u - reclaimable, 0) / s, 1) });
    }
    return { samples };
  },
};
