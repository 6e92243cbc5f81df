import { Hono } from 'hono';
import { requireRole } from '../auth/middleware';
import type { AppContext } from '../context';
import type { Topology } from './service';

/** GET /api/topology: nodes and links (both ends' interface names, state, utilisation). */
export function topologyRoutes(ctx: AppContext, topology: Pick<Topology, 'fresh'>): Hono {
  const app = new Hono();
  app.get('/topology', requireRole(ctx.db, 'viewer'), async (c) => c.json(await topology.fresh()));
  return app;
}
