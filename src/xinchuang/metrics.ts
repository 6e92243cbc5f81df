import { Gauge } from 'prom-client';
import type { AppContext } from '../context';
import type { Services } from '../services';
import { xinchuangDevices, xinchuangSummary } from './service';

/**
 * yunet_xinchuang_devices{unit,origin,role} and yunet_xinchuang_ratio{unit}, worked out at scrape time over the whole
 * fleet: served by the lease holder only, so a scrape of every node counts each device once.
 */
export function registerXinchuangMetrics(ctx: AppContext, services: Services): void {
  // A failing read logs and leaves the gauge empty instead of failing the whole scrape.
  const guarded = async (name: string, fill: () => Promise<void>) => {
    try {
      await fill();
    } catch (e) {
      ctx.log.error('xinchuang metrics failed', { metric: name, error: (e as Error).message });
    }
  };
  new Gauge({
    name: 'yunet_xinchuang_devices',
    help: 'Devices in the 信创 inventory by unit, origin (domestic, foreign, unknown) and role.',
    labelNames: ['unit', 'origin', 'role'],
    registers: [ctx.leaderRegistry],
    async collect() {
      this.reset();
      await guarded('yunet_xinchuang_devices', async () => {
        const counts = new Map<string, number>();
        for (const d of await xinchuangDevices(ctx, services)) {
          const k = JSON.stringify([d.unit, d.origin, d.role]);
          counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        for (const [k, n] of counts) {
          const [unit, origin, role] = JSON.parse(k) as string[];
          this.set({ unit, origin, role }, n);
        }
      });
    },
  });
  new Gauge({
    name: 'yunet_xinchuang_ratio',
    help: 'Share of domestic devices per unit; unit="*" is the district. Absent for a unit without devices.',
    labelNames: ['unit'],
    registers: [ctx.leaderRegistry],
    async collect() {
      this.reset();
      await guarded('yunet_xinchuang_ratio', async () => {
        const s = await xinchuangSummary(ctx, services);
        for (const u of [s.district, ...s.units]) if (u.ratio !== null) this.set({ unit: u.unit }, u.ratio);
      });
    },
  });
}
