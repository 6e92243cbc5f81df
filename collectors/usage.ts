import type { MetricDef } from './types';

/** The two yunet_* families every CPU / memory collector emits, whatever MIB it reads. */
export const usageMetrics: MetricDef[] = [
  { name: 'yunet_device_cpu_usage_ratio', help: 'CPU utilisation of a device entity (0-1), from the vendor MIB or HOST-RESOURCES-MIB.', type: 'gauge' },
  { name: 'yunet_device_memory_usage_ratio', help: 'Memory utilisation of a device entity (0-1), from the vendor MIB or HOST-RESOURCES-MIB.', type: 'gauge' },
];

export function ratio(percent: number | bigint): number {
  return Math.min(Math.max(Number(percent) / 100, 0), 1);
}
