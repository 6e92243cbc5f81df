import { Hono } from 'hono';
import { requireRole } from '../auth/middleware';
import type { AppContext } from '../context';
import type { Services } from '../services';

/** GET /api/topology: nodes and links (both ends' interface names, state, utilisation). */
export function topologyRoutes(ctx: AppContext, services: Services): Hono {
  const app = new Hono();
  app.get('/topology', requireRole(ctx.db, 'viewer'), (c) => c.json(services.topology.view()));
  return app;
}
