import snmp from 'net-snmp';
import { NetSnmpTransport } from './net-snmp-transport';
import { compareOids, isUnder } from './oid';
import type { SnmpTarget } from './session';
import type { SnmpTransport, TransportFactory } from './transport';
import { SnmpError, type Varbind } from './types';
import { isEndOfMibView } from './varbind';

/** The real transport: net-snmp. */
export const netSnmpTransport: TransportFactory = (target, opts) => new NetSnmpTransport(target, opts);

export interface ClientOptions {
  timeoutMs: number;
  retries: number;
  maxRepetitions: number;
  /** Requests in flight on this session at once (net-snmp request ids are random and unchecked). */
  maxInFlight?: number;
  /** Upper bound on varbinds per walk: a runaway agent ends as an error, not a memory blow-up. */
  maxWalkVarbinds?: number;
  /** Upper bound on the bytes of one walk (OIDs and values): huge strings end it the same way. */
  maxWalkBytes?: number;
}

export interface RequestStats {
  requests: number;
  varbinds: number;
}

/** max-repetitions a device falls back to after tooBig or timeouts, as snmp_exporter / Juniper practice. */
const STEP_DOWN = [25, 10, 1];

/**
 * What the poller asks of one device — GETs, walks of table columns, the v3 discovery probe — over any
 * transport. Walks step max-repetitions down on tooBig or lost answers (remembered per device), stop at
 * non-increasing OIDs, and are capped by varbinds and bytes.
 */
export class SnmpClient {
  readonly stats: RequestStats = { requests: 0, varbinds: 0 };
  /** The max-repetitions that currently works for this device. */
  maxRepetitions: number;
  private readonly maxWalkVarbinds: number;
  private readonly maxWalkBytes: number;
  private readonly transport: SnmpTransport;

  constructor(
    readonly target: SnmpTarget,
    opts: ClientOptions,
    transport: TransportFactory = netSnmpTransport,
  ) {
    this.maxRepetitions = opts.maxRepetitions;
    this.maxWalkVarbinds = opts.maxWalkVarbinds ?? 500_000;
    this.maxWalkBytes = opts.maxWalkBytes ?? 16 * 1024 * 1024;
    this.hardTimeoutMs = opts.timeoutMs * (opts.retries + 1) + 250;
    this.transport = transport(target, { timeoutMs: opts.timeoutMs, retries: opts.retries, maxInFlight: opts.maxInFlight });
  }

  /** Longest one request may take: the transport's attempts plus a margin. */
  readonly hardTimeoutMs: number;

  answersV3Discovery(timeoutMs: number): Promise<boolean> {
    return this.transport.answersV3Discovery(timeoutMs);
  }

  async get(oids: string[]): Promise<Varbind[]> {
    try {
      this.stats.requests++;
      const vbs = await this.transport.get(oids);
      this.stats.varbinds += vbs.length;
      return vbs;
    } catch (e) {
      // SNMPv1 fails the whole PDU with noSuchName when one OID is missing: ask one by one instead.
      if (!(e instanceof SnmpError && e.noSuchName)) throw e;
      if (oids.length === 1) return [{ oid: oids[0], type: snmp.ObjectType.NoSuchInstance, value: null }];
      const out: Varbind[] = [];
      for (const oid of oids) out.push(...(await this.get([oid])));
      return out;
    }
  }

  /** Walks one subtree. */
  async walk(root: string): Promise<Varbind[]> {
    const out = await this.walkColumns([root]);
    return out.get(root) ?? [];
  }

  /**
   * Walks several subtrees (typically table columns) side by side with GETBULK (GETNEXT for v1),
   * each ending at endOfMibView or when it leaves its root. A non-increasing OID is an error.
   */
  async walkColumns(roots: string[]): Promise<Map<string, Varbind[]>> {
    const result = new Map<string, Varbind[]>(roots.map((r) => [r, []]));
    const cursor = new Map<string, string>(roots.map((r) => [r, r]));
    let total = 0;
    let bytes = 0;
    while (cursor.size > 0) {
      const active = [...cursor.keys()];
      const rows = await this.nextRows(active.map((r) => cursor.get(r)!));
      for (let i = 0; i < active.length; i++) {
        const root = active[i];
        const out = result.get(root)!;
        const row = rows[i] ?? [];
        let last = cursor.get(root)!;
        let done = false;
        for (const vb of row) {
          if (isEndOfMibView(vb) || !isUnder(vb.oid, root)) {
            done = true;
            break;
          }
          // Both lie under `root` (the first of a walk always follows the root itself): compare after it.
          if (last !== root && compareOids(vb.oid, last, root.length + 1) <= 0)
            throw new SnmpError('walk_loop', `agent returned ${vb.oid} after ${last} while walking ${root}`);
          out.push(vb);
          last = vb.oid;
          total++;
          const v = vb.value;
          bytes += vb.oid.length + (typeof v === 'string' || v instanceof Uint8Array ? v.length : 8);
        }
        if (done || row.length === 0) cursor.delete(root);
        else cursor.set(root, last);
      }
      if (total > this.maxWalkVarbinds) throw new SnmpError('too_large', `walk exceeded ${this.maxWalkVarbinds} varbinds (polling.max_walk_varbinds)`);
      if (bytes > this.maxWalkBytes) throw new SnmpError('too_large', `walk exceeded ${this.maxWalkBytes} bytes (polling.max_walk_bytes)`);
    }
    return result;
  }

  /** One GETBULK (or GETNEXT) round: for each OID, the following instances. Steps max-repetitions down on tooBig/timeouts. */
  private async nextRows(oids: string[]): Promise<Varbind[][]> {
    if (this.target.credential.version === '1') {
      this.stats.requests++;
      const vbs = await this.transport.getNext(oids);
      this.stats.varbinds += vbs.length;
      return vbs.map((vb) => [vb]);
    }
    for (;;) {
      const reps = this.maxRepetitions;
      try {
        this.stats.requests++;
        const rows = await this.transport.getBulk(oids, reps);
        for (const r of rows) this.stats.varbinds += r.length;
        return rows;
      } catch (e) {
        const retryable = e instanceof SnmpError && (e.kind === 'too_big' || e.kind === 'timeout');
        const lower = STEP_DOWN.find((r) => r < reps);
        if (!retryable || lower === undefined) throw e;
        this.maxRepetitions = lower;
      }
    }
  }

  reset(): void {
    this.transport.reset();
  }

  close(): void {
    this.transport.close();
  }
}
