import { Hono } from 'hono';
import type { AppContext } from '../../context';
import { kinds } from '../records/kinds';
import { openApiRoutes } from './openapi';
import { progressRoutes } from './progress';
import { recordRoutes } from './records';
import { referenceRoutes } from './reference';
import { spreadsheetRoutes } from './spreadsheets';

/** Everything the field build-out serves under /api. */
export function fieldApiRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.route('/', openApiRoutes());
  for (const k of Object.values(kinds)) app.route('/', recordRoutes(ctx, k));
  app.route('/', referenceRoutes(ctx));
  app.route('/', progressRoutes(ctx));
  app.route('/', spreadsheetRoutes(ctx));
  return app;
}
