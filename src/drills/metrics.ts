import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../../db/index';
import { isActive, listDrills } from './store';

/** yunet_drill_active{drill}: 1 inside a drill window, 0 outside; rules tighten with `and on() yunet_drill_active == 1`. */
export function registerDrillMetrics(db: Db, registry: Registry): void {
  new Gauge({
    name: 'yunet_drill_active',
    help: 'Whether a security drill window is open now (1) or not (0), per drill.',
    labelNames: ['drill'],
    registers: [registry],
    async collect() {
      const list = await listDrills(db);
      this.reset();
      const now = new Date();
      for (const d of list) this.set({ drill: d.name }, isActive(d, now) ? 1 : 0);
    },
  });
}
