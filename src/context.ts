import type { Registry } from 'prom-client';
import type { Db } from '../db/index';
import type { Config } from './config/schema';
import type { Logger } from './log';
import type { Fleet } from './poll/fleet';
import type { Faults } from './faults';

/** Everything a feature's routes and jobs may use; built once by the composition root. */
export interface AppContext {
  config: Config;
  db: Db;
  fleet: Fleet;
  /** prom-client registry for yunet's own metrics; features add their gauges here. */
  registry: Registry;
  log: Logger;
  demo: boolean;
  /** Where timers and listeners report failures; knows whether storage takes writes. */
  faults: Faults;
}
