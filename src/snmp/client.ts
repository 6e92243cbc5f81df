import snmp from 'net-snmp';
import { compareOids, isUnder } from './oid';
import { openSession, resolveTarget, type SnmpTarget } from './session';
import { SnmpError, type Varbind } from './types';
import { fromNetSnmp, isEndOfMibView } from './varbind';

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
 * A promise API over one reusable net-snmp session for one device.
 * Every request carries a hard timeout of our own, and malformed datagrams never reach the process.
 */
export class SnmpClient {
  readonly stats: RequestStats = { requests: 0, varbinds: 0 };
  /** The max-repetitions that currently works for this device. */
  maxRepetitions: number;
  private session: snmp.Session | null = null;
  private opening: Promise<snmp.Session> | null = null;
  private inFlight = 0;
  private waiting: (() => void)[] = [];
  private readonly maxInFlight: number;
  private readonly maxWalkVarbinds: number;
  private readonly maxWalkBytes: number;
  /** Datagrams from the agent that net-snmp could not decode: a timeout after some is a protocol error. */
  private undecodable = 0;

  constructor(
    readonly target: SnmpTarget,
    private readonly opts: ClientOptions,
  ) {
    this.maxRepetitions = opts.maxRepetitions;
    this.maxInFlight = opts.maxInFlight ?? 4;
    this.maxWalkVarbinds = opts.maxWalkVarbinds ?? 500_000;
    this.maxWalkBytes = opts.maxWalkBytes ?? 16 * 1024 * 1024;
  }

  /** Hard limit for one request: net-snmp's own attempts plus a margin. */
  get hardTimeoutMs(): number {
    return this.opts.timeoutMs * (this.opts.retries + 1) + 250;
  }

  async get(oids: string[]): Promise<Varbind[]> {
    try {
      const vbs = await this.request<snmp.Varbind[]>((s, cb) => s.get(oids, cb));
      this.stats.varbinds += vbs.length;
      return vbs.map(fromNetSnmp);
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
      active.forEach((root, i) => {
        let last = cursor.get(root)!;
        let done = false;
        for (const vb of rows[i] ?? []) {
          if (isEndOfMibView(vb) || !isUnder(vb.oid, root)) {
            done = true;
            break;
          }
          if (compareOids(vb.oid, last) <= 0)
            throw new SnmpError('walk_loop', `agent returned ${vb.oid} after ${last} while walking ${root}`);
          result.get(root)!.push(vb);
          last = vb.oid;
          total++;
          bytes += vb.oid.length + (Buffer.isBuffer(vb.value) || typeof vb.value === 'string' ? vb.value.length : 8);
        }
        if (done || (rows[i] ?? []).length === 0) cursor.delete(root);
        else cursor.set(root, last);
      });
      if (total > this.maxWalkVarbinds) throw new SnmpError('too_large', `walk exceeded ${this.maxWalkVarbinds} varbinds (polling.max_walk_varbinds)`);
      if (bytes > this.maxWalkBytes) throw new SnmpError('too_large', `walk exceeded ${this.maxWalkBytes} bytes (polling.max_walk_bytes)`);
    }
    return result;
  }

  /** One GETBULK (or GETNEXT) round: for each OID, the following instances. Steps max-repetitions down on tooBig/timeouts. */
  private async nextRows(oids: string[]): Promise<Varbind[][]> {
    if (this.target.credential.version === '1') {
      const vbs = await this.request<snmp.Varbind[]>((s, cb) => s.getNext(oids, cb));
      this.stats.varbinds += vbs.length;
      return vbs.map((vb) => [fromNetSnmp(vb)]);
    }
    for (;;) {
      const reps = this.maxRepetitions;
      try {
        const vbs = await this.request<(snmp.Varbind | snmp.Varbind[])[]>((s, cb) => s.getBulk(oids, 0, reps, cb));
        // net-snmp's arrays are fresh per response: convert in place instead of copying them.
        return vbs.map((col) => {
          const list = Array.isArray(col) ? col : [col];
          for (let i = 0; i < list.length; i++) fromNetSnmp(list[i]);
          this.stats.varbinds += list.length;
          return list as unknown as Varbind[];
        });
      } catch (e) {
        const retryable = e instanceof SnmpError && (e.kind === 'too_big' || e.kind === 'timeout');
        const lower = STEP_DOWN.find((r) => r < reps);
        if (!retryable || lower === undefined) throw e;
        this.maxRepetitions = lower;
      }
    }
  }

  private async request<T>(send: (s: snmp.Session, cb: (err: Error | null, v?: T) => void) => void): Promise<T> {
    const session = await this.open();
    await this.acquire();
    this.stats.requests++;
    const undecodable = this.undecodable;
    // Silence after undecodable answers is not a dead device: the agent talks, but not SNMP we can read.
    const failed = (e: SnmpError) =>
      e.kind === 'timeout' && this.undecodable > undecodable ? new SnmpError('protocol', 'the agent answered with datagrams that could not be decoded') : e;
    try {
      return await new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(failed(new SnmpError('timeout', `no answer from ${this.target.address}:${this.target.port} within ${this.hardTimeoutMs} ms`))),
          this.hardTimeoutMs,
        );
        try {
          send(session, (err, value) => {
            clearTimeout(timer);
            if (err) reject(failed(classify(err)));
            else resolve(value as T);
          });
        } catch (err) {
          clearTimeout(timer);
          reject(failed(classify(err as Error)));
        }
      });
    } finally {
      this.release();
    }
  }

  private open(): Promise<snmp.Session> {
    if (this.session) return Promise.resolve(this.session);
    this.opening ??= resolveTarget(this.target.address)
      .then(({ ip, transport }) => {
        const s = openSession(ip, transport, this.target, this.opts);
        // Undecodable datagrams are emitted as 'error'; without a listener they would crash the process.
        s.on('error', () => {
          this.undecodable++;
        });
        this.session = s;
        return s;
      })
      .finally(() => {
        this.opening = null;
      });
    return this.opening;
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => resolve()));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  /** Drops the session so the next request re-resolves the address and opens a fresh socket. */
  reset(): void {
    this.close();
  }

  close(): void {
    const s = this.session;
    this.session = null;
    if (s) {
      try {
        s.close();
      } catch {
        /* already closed */
      }
    }
  }
}

/** net-snmp's ResponseInvalidCode.ENotInTimeWindow (missing from its type definitions). */
const NOT_IN_TIME_WINDOW = 14;

/**
 * Maps net-snmp errors to yunet's error kinds, with a message of our own: net-snmp's texts can quote
 * what came off the wire (communities, user names, digests), so they are never passed on.
 */
export function classify(err: Error): SnmpError {
  if (err instanceof SnmpError) return err;
  if (/digital envelope routines::unsupported/.test(err.message))
    return new SnmpError('protocol', 'DES privacy needs the legacy OpenSSL provider: run node with --openssl-legacy-provider (npm start does)');
  if (err.name === 'RequestTimedOutError') return new SnmpError('timeout', 'request timed out');
  if (err instanceof snmp.RequestFailedError) {
    const status = (err as snmp.RequestFailedError & { status?: number }).status;
    const name = status !== undefined ? ((snmp.ErrorStatus as unknown as Record<number, string>)[status] ?? `status ${status}`) : 'request failed';
    if (status === snmp.ErrorStatus.TooBig) return new SnmpError('too_big', 'agent answered tooBig');
    if (status === snmp.ErrorStatus.AuthorizationError || status === snmp.ErrorStatus.NoAccess) return new SnmpError('auth', `agent refused access (${name})`);
    if (status === snmp.ErrorStatus.NoSuchName) return Object.assign(new SnmpError('agent', `agent error: ${name}`), { noSuchName: true });
    return new SnmpError('agent', `agent error: ${name}`);
  }
  if (err instanceof snmp.ResponseInvalidError) {
    const code = (err as unknown as { code?: number }).code;
    if (code === snmp.ResponseInvalidCode.EAuthFailure) return new SnmpError('auth', 'v3 security: authentication failed (wrong auth key or protocol)');
    if (code === snmp.ResponseInvalidCode.ECouldNotDecrypt) return new SnmpError('auth', 'v3 security: could not decrypt (wrong privacy key or protocol)');
    if (code === NOT_IN_TIME_WINDOW) return new SnmpError('auth', 'v3 security: not in time window');
    if (code === snmp.ResponseInvalidCode.ECommunityNoMatch) return new SnmpError('protocol', 'answer carried another community');
    const name = code !== undefined ? ((snmp.ResponseInvalidCode as unknown as Record<number, string>)[code] ?? `code ${code}`) : 'invalid';
    return new SnmpError('protocol', `invalid answer (${name})`);
  }
  if (err.name === 'ReportError' || /report/i.test(err.name)) return new SnmpError('auth', 'v3 security: the agent answered with a report (unknown user, wrong level or engine)');
  return new SnmpError('protocol', `malformed or unexpected answer (${err.name})`);
}
