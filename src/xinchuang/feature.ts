import type { AppContext } from '../context';
import type { Services } from '../services';
import { registerXinchuangMetrics } from './metrics';

/** 信创 inventory start: its gauges on the app registry (worked out at scrape time, no job of its own). */
export function startXinchuang(ctx: AppContext, services: Services): void {
  registerXinchuangMetrics(ctx, services);
}
