import snmp from 'net-snmp';
import { openSession, resolveTarget, type SnmpTarget } from './session';
import type { SnmpTransport, TransportOptions } from './transport';
import { SnmpError, type Varbind } from './types';
import { fromNetSnmp } from './varbind';

/** The probe's sysUpTime.0: any OID will do, the agent answers discovery with a report before reading it. */
const PROBE_OID = '1.3.6.1.2.1.1.3.0';

/**
 * SNMP over one reusable net-snmp session. Every request carries a hard timeout of our own (net-snmp can
 * lose callbacks), in-flight requests are limited (its request ids are random and unchecked), undecodable
 * datagrams never reach the process and turn a later timeout into a protocol error.
 */
export class NetSnmpTransport implements SnmpTransport {
  private session: snmp.Session | null = null;
  private opening: Promise<snmp.Session> | null = null;
  private inFlight = 0;
  private waiting: (() => void)[] = [];
  private readonly maxInFlight: number;
  /** Datagrams from the agent that net-snmp could not decode: a timeout after some is a protocol error. */
  private undecodable = 0;

  constructor(
    readonly target: SnmpTarget,
    private readonly opts: TransportOptions,
  ) {
    this.maxInFlight = opts.maxInFlight ?? 4;
  }

  /** Hard limit for one request: net-snmp's own attempts plus a margin. */
  get hardTimeoutMs(): number {
    return this.opts.timeoutMs * (this.opts.retries + 1) + 250;
  }

  async get(oids: string[]): Promise<Varbind[]> {
    const vbs = await this.request<snmp.Varbind[]>((s, cb) => s.get(oids, cb));
    return vbs.map(fromNetSnmp);
  }

  async getNext(oids: string[]): Promise<Varbind[]> {
    const vbs = await this.request<snmp.Varbind[]>((s, cb) => s.getNext(oids, cb));
    return vbs.map(fromNetSnmp);
  }

  async getBulk(oids: string[], maxRepetitions: number): Promise<Varbind[][]> {
    const vbs = await this.request<(snmp.Varbind | snmp.Varbind[])[]>((s, cb) => s.getBulk(oids, 0, maxRepetitions, cb));
    // net-snmp's arrays are fresh per response: convert in place instead of copying them.
    return vbs.map((col) => {
      const list = Array.isArray(col) ? col : [col];
      for (let i = 0; i < list.length; i++) fromNetSnmp(list[i]);
      return list as unknown as Varbind[];
    });
  }

  /**
   * Tells a silent v1/v2c agent (wrong community: agents drop those without a word) from a dead one: any
   * SNMP agent answers a v3 engine-discovery request with a report, whatever the community.
   */
  async answersV3Discovery(timeoutMs: number): Promise<boolean> {
    let session: snmp.Session | null = null;
    try {
      const { ip, transport } = await resolveTarget(this.target.address);
      session = openSession(ip, transport, { ...this.target, credential: { version: '3', username: 'yunet-probe' } }, { timeoutMs, retries: 0 });
      session.on('error', () => {});
      const s = session;
      return await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs + 100);
        s.get([PROBE_OID], (err) => {
          clearTimeout(timer);
          resolve(!err || (err as Error).name !== 'RequestTimedOutError');
        });
      });
    } catch {
      return false;
    } finally {
      try {
        session?.close();
      } catch {
        /* closed */
      }
    }
  }

  private async request<T>(send: (s: snmp.Session, cb: (err: Error | null, v?: T) => void) => void): Promise<T> {
    const session = await this.open();
    await this.acquire();
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
