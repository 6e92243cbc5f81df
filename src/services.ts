import type { AppContext } from './context';
import { Readiness } from './readiness/service';

/** The stateful services of the process, built once by the composition root and handed to routes and features. */
export interface Services {
  readiness: Readiness;
}

export function createServices(ctx: AppContext): Services {
  return { readiness: new Readiness(ctx) };
}
