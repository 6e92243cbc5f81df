import type { Registry } from 'prom-client';
import type { Db } from '../db/index';
import type { Config } from './config/schema';
import type { Logger } from './log';
import type { Fleet } from './poll/fleet';
import type { Faults } from './faults';
import type { MetricDef, Sample } from '../collectors/types';

/** Everything a feature's routes and jobs may use; built once by the composition root. */
export interface AppContext {
  config: Config;
  db: Db;
  fleet: Fleet;
  /** prom-client registry for yunet's own metrics; features add their gauges here. */
  registry: Registry;
  /** High-cardinality families of yunet's own, rendered once per change and served after the registry's. */
  families: Families;
  log: Logger;
  demo: boolean;
  /** Where timers and listeners report failures; knows whether storage takes writes. */
  faults: Faults;
}

export interface FamilySource {
  defs: MetricDef[];
  /** Changes whenever the samples do (e.g. the report they come from). */
  key(): unknown;
  samples(): Sample[];
}

/** Exposition families fed by features (src/metrics/cached-families.ts renders and caches them). */
export interface Families {
  add(source: FamilySource): void;
  text(): string;
}
