import { randomUUID } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { clusterLeases, clusterNodes } from '../../db/schema/cluster';
import type { Config } from '../config/schema';
import type { Logger } from '../log';
import type { ClusterMembership, ClusterNode } from '../context';
import { ownerOf, type Seat } from './rendezvous';

type ClusterConfig = Config['cluster'];

const LEASE = 'singletons';

/** Rows of nodes dead for longer than this are removed. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

/**
 * This node's place among the yunet nodes sharing the database: it heartbeats into `cluster_nodes`, reads
 * everyone's heartbeat, and owns the devices rendezvous hashing gives it among the live nodes. When the database
 * cannot be read, the last view stands: the node keeps polling what it owned.
 */
export class Membership implements ClusterMembership {
  readonly instance = randomUUID();
  private readonly startedAt: Date;
  private nodes: ClusterNode[];
  private seats: Seat[];
  private seatsKey = '';
  private readonly owners = new Map<string, string | null>();
  /** Another process heartbeating under this node's name (both would poll the same share). */
  conflict = false;
  /** Until when this node holds the singleton lease (0: it does not). */
  private leaseUntil = 0;

  constructor(
    private readonly db: Db,
    private readonly config: ClusterConfig,
    readonly name: string,
    public url: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = new Date(this.now());
    this.nodes = [this.selfView(this.startedAt, 0)];
    this.seats = [{ name, groups: config.groups }];
  }

  private selfView(at: Date, devices: number): ClusterNode {
    return { name: this.name, url: this.url, groups: this.config.groups, startedAt: this.startedAt, heartbeatAt: at, devices, alive: true };
  }

  /** Writes this node's heartbeat (with the devices it owns) and reads every node's. Throws on a database error. */
  async heartbeat(ownedDevices: number): Promise<void> {
    const at = new Date(this.now());
    const timeoutMs = this.config.node_timeout_s * 1000;
    const row = { name: this.name, instance: this.instance, url: this.url, groups: this.config.groups, startedAt: this.startedAt, heartbeatAt: at, devices: ownedDevices };
    const { rows, leased } = await this.db.transaction(async (tx) => {
      const [mine] = await tx.select().from(clusterNodes).where(eq(clusterNodes.name, this.name)).limit(1);
      const conflict = !!mine && mine.instance !== this.instance && at.getTime() - mine.heartbeatAt.getTime() < timeoutMs;
      if (conflict && !this.conflict)
        this.log.error('another process heartbeats under this node name; both poll the same devices. Give each node its own cluster.node or $YUNET_NODE', { node: this.name, url: mine.url });
      this.conflict = conflict;
      await tx.insert(clusterNodes).values(row).onConflictDoUpdate({ target: clusterNodes.name, set: row });
      await tx.delete(clusterNodes).where(lt(clusterNodes.heartbeatAt, new Date(at.getTime() - FORGET_AFTER_MS)));
      // The singleton lease: renewed by its holder, taken by anyone once it has expired — in one conditional upsert,
      // so two nodes racing for an expired lease cannot both get it (a row comes back only to the one that wrote).
      const renewed = { name: LEASE, holder: this.name, instance: this.instance, expiresAt: new Date(at.getTime() + timeoutMs) };
      const taken = await tx
        .insert(clusterLeases)
        .values(renewed)
        .onConflictDoUpdate({ target: clusterLeases.name, set: renewed, setWhere: or(eq(clusterLeases.instance, this.instance), lt(clusterLeases.expiresAt, at)) })
        .returning({ instance: clusterLeases.instance });
      return { rows: await tx.select().from(clusterNodes).orderBy(clusterNodes.name), leased: taken.length > 0 };
    });
    this.leaseUntil = leased ? at.getTime() + timeoutMs : 0;
    this.nodes = rows.map((r) => ({
      name: r.name,
      url: r.url,
      groups: r.groups,
      startedAt: r.startedAt,
      heartbeatAt: r.heartbeatAt,
      devices: r.devices,
      alive: r.name === this.name || at.getTime() < this.expiresAt(r.heartbeatAt),
    }));
    const seats = this.nodes.filter((n) => n.alive).map((n) => ({ name: n.name, groups: n.groups }));
    const key = JSON.stringify(seats);
    if (key !== this.seatsKey) {
      if (this.seatsKey) this.log.info('cluster membership changed', { alive: seats.map((s) => s.name).join(',') });
      this.seatsKey = key;
      this.seats = seats;
      this.owners.clear();
    }
  }

  /**
   * Whether this node runs the singleton jobs and serves the district-wide figures. Past its lease (the database
   * unreachable for node_timeout_s) it stops, since another node may have taken over.
   */
  get leader(): boolean {
    return this.now() < this.leaseUntil;
  }

  /** No other live node in the last view: this node polls the whole fleet and shares nothing through the database. */
  get alone(): boolean {
    return this.nodes.every((n) => n.name === this.name || !n.alive);
  }

  /**
   * Serves the whole-fleet figures computed from memory (per-device readiness): the leader; also a node alone, so
   * one node keeps them while the database holding its lease is away.
   */
  get fleetWide(): boolean {
    return this.leader || this.alone;
  }

  /**
   * When the first live peer turns dead if it heartbeats no more (its last heartbeat + node_timeout_s, as this node
   * last read it); null without a live peer. A check then, not at this node's next heartbeat, takes a dead node's
   * devices over up to heartbeat_s sooner; a live peer's next heartbeat moves the time on.
   */
  nextExpiry(): number | null {
    let next: number | null = null;
    for (const n of this.nodes) {
      if (n.name === this.name || !n.alive) continue;
      const at = this.expiresAt(n.heartbeatAt);
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /** The first moment a node whose last heartbeat is `heartbeatAt` counts as dead: node_timeout_s after it. */
  private expiresAt(heartbeatAt: Date): number {
    return heartbeatAt.getTime() + this.config.node_timeout_s * 1000 + 1;
  }

  /** The live node that polls the device, or null when no live node serves its poller group. */
  ownerOf(device: string, group: string): string | null {
    const key = `${group}\0${device}`;
    let owner = this.owners.get(key);
    if (owner === undefined) {
      owner = ownerOf(device, group, this.seats);
      this.owners.set(key, owner);
    }
    return owner;
  }

  owns(device: string, group: string): boolean {
    return this.ownerOf(device, group) === this.name;
  }

  /** Every node in the table as this node last read it (alive or not). */
  view(): ClusterNode[] {
    return this.nodes;
  }

  node(name: string): ClusterNode | undefined {
    return this.nodes.find((n) => n.name === name);
  }
}
