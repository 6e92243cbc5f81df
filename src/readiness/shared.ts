import { count, max, ne, notInArray, sql } from 'drizzle-orm';
import { devices } from '../../db/schema/inventory';
import superjson from 'superjson';
import type { Db } from '../../db/index';
import { deviceEvidence } from '../../db/schema/cluster';
import type { IpEvidence } from '../../collectors/ip-evidence';
import type { SystemIdentity } from '../../collectors/types';
import type { PollError } from '../poll/state';
import type { TrafficState } from './traffic';
import { decodeSeen, encodeSeen, type Elsewhere, type SharedSeen } from '../topology/service';

/** Rows per INSERT (5 parameters each, well under SQLite's limit of bound parameters). */
const PUBLISH_CHUNK = 500;

/** What one device's owner knows for readiness. */
export interface DeviceEvidence {
  up: boolean | null;
  evidence: IpEvidence | null;
  at: Date | null;
  note: string | null;
  traffic: TrafficState | null;
  /** sysObjectID, sysDescr, sysLocation of the latest system poll (the 信创 inventory classifies by them). */
  system: SystemIdentity | null;
  /** The owner's last poll, for the device list of every node. */
  poll: PollStatus | null;
  /** Neighbours and interfaces, so the topology of every node joins links between devices of two nodes. */
  topology: SharedSeen | null;
}

export interface PollStatus {
  at: Date | null;
  vendor: string | null;
  errors: PollError[];
}

/** A published row as this node uses it; throws on a payload it cannot read. */
function decodeRow(r: typeof deviceEvidence.$inferSelect): DeviceEvidence & { node: string } {
  const payload = superjson.parse<Omit<DeviceEvidence, 'up' | 'topology'> & { topology?: string | null }>(r.payload);
  if (typeof payload !== 'object' || payload === null) throw new Error('the payload is not an object');
  return { node: r.node, up: r.up, ...payload, system: payload.system ?? null, poll: payload.poll ?? null, topology: payload.topology ? decodeSeen(payload.topology) : null };
}

/**
 * Readiness evidence shared through the database while several nodes split the fleet: each owner writes what it
 * knows of its devices at the end of its cycles, and every node reads the others' to judge units over the whole
 * fleet. With one node nothing is written.
 */
export class SharedEvidence {
  private cache: { stamp: string; rows: Map<string, DeviceEvidence & { node: string }> } | null = null;
  private refreshing: Promise<void> | null = null;

  /** `unreadable`: told, once a read, of rows that cannot be decoded (another version's format, damage); they are left out. */
  constructor(
    private readonly db: Db,
    private readonly node: string,
    private readonly unreadable: (e: Error) => void = () => {},
  ) {}

  /** Writes this node's devices in one transaction, a few hundred rows per statement (it runs at every cycle end). */
  async publish(entries: [string, DeviceEvidence][]): Promise<void> {
    if (!entries.length) return;
    const updatedAt = new Date();
    const rows = entries.map(([device, e]) => ({ device, node: this.node, up: e.up, payload: superjson.stringify({ evidence: e.evidence, at: e.at, note: e.note, traffic: e.traffic, system: e.system, poll: e.poll, topology: e.topology && encodeSeen(e.topology) }), updatedAt }));
    const replace = { node: sql`excluded.node`, up: sql`excluded.up`, payload: sql`excluded.payload`, updatedAt: sql`excluded.updated_at` };
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += PUBLISH_CHUNK)
        await tx.insert(deviceEvidence).values(rows.slice(i, i + PUBLISH_CHUNK)).onConflictDoUpdate({ target: deviceEvidence.device, set: replace });
    });
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
    const [s] = await this.db.select({ at: max(deviceEvidence.updatedAt), n: count() }).from(deviceEvidence).where(ne(deviceEvidence.node, this.node));
    const stamp = `${s?.at?.getTime() ?? 0}|${s?.n ?? 0}`;
    if (this.cache?.stamp === stamp) return;
    const rows = new Map<string, DeviceEvidence & { node: string }>();
    // A row that cannot be decoded leaves its device out, not every other node's devices; reported once a read.
    let failed = 0;
    let first = '';
    for (const r of await this.db.select().from(deviceEvidence).where(ne(deviceEvidence.node, this.node)))
      try {
        rows.set(r.device, decodeRow(r));
      } catch (e) {
        if (!failed++) first = `device "${r.device}" from node "${r.node}": ${(e as Error).message}`;
      }
    this.cache = { stamp, rows };
    if (failed) this.unreadable(new Error(`evidence of ${failed} device(s) from other nodes cannot be read, left out (first: ${first})`));
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
