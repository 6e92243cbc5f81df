import { createHash } from 'node:crypto';
import { and, count, inArray, max, ne, notInArray, sql } from 'drizzle-orm';
import { devices } from '../../db/schema/inventory';
import type { Db } from '../../db/index';
import { deviceEvidence } from '../../db/schema/cluster';
import type { Elsewhere } from '../topology/service';
import { decodeEvidence, decodeFacts, encodeEvidence, type DeviceEvidence } from './evidence-codec';

export type { DeviceEvidence, PollStatus } from './evidence-codec';

/**
 * Rows per INSERT: 7 parameters each, under SQLite's 32,766 bound parameters (PostgreSQL allows 65,535). Up to
 * this many devices a node, a publication is the same few statements whatever the fleet.
 */
const PUBLISH_CHUNK = 4000;
/** Every this many publications a node writes all its facts again, whatever it remembers having written. */
const REWRITE_EVERY = 10;
/** Changed facts fetched by device name up to this many; past it, all the others' facts at once. */
const FACTS_BY_NAME = 500;

const hashOf = (text: string) => createHash('sha1').update(text).digest('base64');

/**
 * Readiness evidence shared through the database while several nodes split the fleet: each owner writes what it
 * knows of its devices at the end of its cycles, and every node reads the others' to judge units over the whole
 * fleet. With one node nothing is written.
 */
export class SharedEvidence {
  private cache: { stamp: string; rows: Map<string, DeviceEvidence & { node: string }> } | null = null;
  private refreshing: Promise<void> | null = null;
  /** The others' facts as last fetched, by device, with the hash they were written with. */
  private facts = new Map<string, { hash: string; facts: ReturnType<typeof decodeFacts> }>();
  /** Hash of the facts this node last wrote, by device. */
  private written = new Map<string, string>();
  private publications = 0;

  /** `unreadable`: told, once a read, of rows that cannot be decoded (another version's format, damage); they are left out. */
  constructor(
    private readonly db: Db,
    private readonly node: string,
    private readonly unreadable: (e: Error) => void = () => {},
  ) {}

  /**
   * Writes this node's devices in one transaction (it runs at every cycle end): each device's state, and its facts
   * only where they changed since this node last wrote them (or every REWRITE_EVERY publications, in case another
   * node wrote them meanwhile).
   */
  async publish(entries: [string, DeviceEvidence][]): Promise<void> {
    if (!entries.length) return;
    const updatedAt = new Date();
    const all = this.publications++ % REWRITE_EVERY === 0;
    const written = new Map<string, string>();
    const changed: (typeof deviceEvidence.$inferInsert)[] = [];
    const same: (typeof deviceEvidence.$inferInsert)[] = [];
    for (const [device, e] of entries) {
      const { facts, state } = encodeEvidence(e);
      const factsHash = hashOf(facts);
      written.set(device, factsHash);
      const row = { device, node: this.node, up: e.up, payload: state, updatedAt };
      if (!all && this.written.get(device) === factsHash) same.push(row);
      else changed.push({ ...row, facts, factsHash });
    }
    const state = { node: sql`excluded.node`, up: sql`excluded.up`, payload: sql`excluded.payload`, updatedAt: sql`excluded.updated_at` };
    const everything = { ...state, facts: sql`excluded.facts`, factsHash: sql`excluded.facts_hash` };
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < changed.length; i += PUBLISH_CHUNK)
        await tx.insert(deviceEvidence).values(changed.slice(i, i + PUBLISH_CHUNK)).onConflictDoUpdate({ target: deviceEvidence.device, set: everything });
      for (let i = 0; i < same.length; i += PUBLISH_CHUNK)
        await tx.insert(deviceEvidence).values(same.slice(i, i + PUBLISH_CHUNK)).onConflictDoUpdate({ target: deviceEvidence.device, set: state });
    });
    // Only what committed counts as written; devices no longer published here are forgotten.
    this.written = written;
  }

  /**
   * Reads what other nodes published, again only when a row changed since the last read. Callers at the same time
   * (the readiness, 信创 and topology figures of one scrape) share one read.
   */
  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async read(): Promise<void> {
    const others = ne(deviceEvidence.node, this.node);
    const [s] = await this.db.select({ at: max(deviceEvidence.updatedAt), n: count() }).from(deviceEvidence).where(others);
    const stamp = `${s?.at?.getTime() ?? 0}|${s?.n ?? 0}`;
    if (this.cache?.stamp === stamp) return;
    const list = await this.db.select({ device: deviceEvidence.device, node: deviceEvidence.node, up: deviceEvidence.up, payload: deviceEvidence.payload, factsHash: deviceEvidence.factsHash }).from(deviceEvidence).where(others);
    // A row that cannot be decoded leaves its device out, not every other node's devices; reported once a read.
    const failures: string[] = [];
    const failed = (r: { device: string; node: string }, e: unknown) => failures.push(`device "${r.device}" from node "${r.node}": ${(e as Error).message}`);
    // Facts are fetched and decoded again only where their hash moved.
    const stale = list.filter((r) => r.factsHash !== null && this.facts.get(r.device)?.hash !== r.factsHash).map((r) => r.device);
    if (stale.length) {
      const fetched = await this.db
        .select({ device: deviceEvidence.device, node: deviceEvidence.node, facts: deviceEvidence.facts, factsHash: deviceEvidence.factsHash })
        .from(deviceEvidence)
        .where(stale.length > FACTS_BY_NAME ? others : and(others, inArray(deviceEvidence.device, stale)));
      for (const f of fetched) {
        if (f.facts === null || f.factsHash === null) continue;
        try {
          this.facts.set(f.device, { hash: f.factsHash, facts: decodeFacts(f.facts) });
        } catch (e) {
          this.facts.delete(f.device);
          failed(f, e);
        }
      }
    }
    const rows = new Map<string, DeviceEvidence & { node: string }>();
    for (const r of list) {
      if (r.factsHash !== null && !this.facts.has(r.device)) continue; // unreadable facts, counted above
      try {
        rows.set(r.device, { node: r.node, ...decodeEvidence(r.up, r.payload, r.factsHash === null ? null : this.facts.get(r.device)!.facts) });
      } catch (e) {
        failed(r, e);
      }
    }
    for (const device of this.facts.keys()) if (!rows.has(device)) this.facts.delete(device);
    this.cache = { stamp, rows };
    if (failures.length) this.unreadable(new Error(`evidence of ${failures.length} device(s) from other nodes cannot be read, left out (first: ${failures[0]})`));
  }

  /** The evidence other nodes published, as of the last refresh(). */
  others(): Map<string, DeviceEvidence & { node: string }> {
    return this.cache?.rows ?? new Map();
  }

  /** The topology of the devices other nodes poll, as of the last refresh(). */
  topology(): Elsewhere {
    const rows = this.others();
    return {
      stamp: this.stamp(),
      devices: {
        *[Symbol.iterator]() {
          for (const r of rows.values()) if (r.topology) yield r.topology;
        },
      },
    };
  }

  /** Changes whenever another node publishes (seen by refresh()): part of the cached report's key. */
  stamp(): string {
    return this.cache?.stamp ?? '';
  }

  /** Rows of devices no longer in inventory (run by one node, the lease holder). */
  async prune(): Promise<void> {
    await this.db.delete(deviceEvidence).where(notInArray(deviceEvidence.device, this.db.select({ name: devices.name }).from(devices)));
  }
}
