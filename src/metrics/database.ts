import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../../db/index';

/**
 * The PostgreSQL connection pool of this node: when every connection is busy, queries wait (up to the 5 s connect
 * timeout, then fail as storage errors). Nothing for SQLite, which has one connection and no pool.
 */
export function registerDatabaseMetrics(registry: Registry, store: Store): void {
  const pool = store.pool?.bind(store);
  if (!pool) return;
  new Gauge({
    name: 'yunet_database_connections',
    help: 'Connections of this node to PostgreSQL by state (busy, idle), and the most it opens (max).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const p = pool();
      this.set({ state: 'busy' }, p.total - p.idle);
      this.set({ state: 'idle' }, p.idle);
      this.set({ state: 'max' }, p.max);
    },
  });
  new Gauge({
    name: 'yunet_database_waiting_queries',
    help: 'Queries of this node waiting for a PostgreSQL connection because all are busy; above 0 for long, the pool is too small for the load.',
    registers: [registry],
    collect() {
      this.set(pool().waiting);
    },
  });
}
