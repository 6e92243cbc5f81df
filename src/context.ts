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
  /**
   * District-wide figures read from the shared database (field build-out, drills): served by the node holding the
   * singleton lease only, so scraping every node counts them once.
   */
  leaderRegistry: Registry;
  /** High-cardinality families of yunet's own, rendered once per change and served after the registry's. */
  families: Families;
  log: Logger;
  demo: boolean;
  /** Where timers and listeners report failures; knows whether storage takes writes. */
  faults: Faults;
  /** This node among the nodes sharing the database: which devices it owns, whether it runs the singleton jobs. */
  membership: ClusterMembership;
}

/** A node sharing the database, as this node last read the cluster table. */
export interface ClusterNode {
  name: string;
  url: string;
  groups: string[];
  startedAt: Date;
  heartbeatAt: Date;
  devices: number;
  alive: boolean;
}

/** This node's place among the nodes sharing the database (src/cluster/membership.ts). */
export interface ClusterMembership {
  readonly name: string;
  /** Where Prometheus and the other nodes reach it; known once it listens. */
  url: string;
  /** Runs the singleton jobs and serves the district-wide figures. */
  readonly leader: boolean;
  /** Whether this node serves the figures computed over the whole fleet: the leader, or a node with no live peer. */
  readonly fleetWide: boolean;
  /** No other live node: nothing is shared through the database. */
  readonly alone: boolean;
  /** Another process heartbeats under the same name. */
  readonly conflict: boolean;
  heartbeat(ownedDevices: number): Promise<void>;
  /** When the first live peer turns dead without another heartbeat (epoch ms); null without a live peer. */
  nextExpiry(): number | null;
  owns(device: string, group: string): boolean;
  ownerOf(device: string, group: string): string | null;
  view(): ClusterNode[];
  node(name: string): ClusterNode | undefined;
}

export interface FamilySource<T = unknown> {
  defs: MetricDef[];
  /** The data the samples come from: a new object whenever they change (compared by identity). */
  data(): Promise<T>;
  samples(data: T): Sample[];
}

/** Exposition families fed by features (src/metrics/cached-families.ts renders and caches them). */
export interface Families {
  add<T>(source: FamilySource<T>): void;
  /** Every family; those whose data changed are rendered again, a time slice at a time. */
  text(): Promise<string>;
}
