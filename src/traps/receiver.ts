import type { Socket } from 'node:dgram';
import snmp from 'net-snmp';
import { BerReader } from 'asn1-ber';
import type { Db } from '../../db/index';
import type { NewEvent } from '../../db/schema/events';
import type { Logger } from '../log';
import { applyTrapAuth, trapAuthFromDb, type Authorizer, type TrapAuth } from './credentials';
import { boundVarbinds, eventBytes } from './bound';
import { RejectionCounter } from './rejections';
import { decodeTrap, trapFingerprint, type ReceivedPdu } from './decode';
import type { RejectReason, TrapMetrics } from './metrics';
import { recognise, type IfNameLookup } from './recognise';
import { DeviceByAddress, normaliseAddress } from './sources';
import { capUtf8 } from '../text';
import type { Faults } from '../faults';
import { EventWriter, type WriterOptions } from './writer';

interface NetSnmpReceiver {
  getAuthorizer(): Authorizer;
  close(cb?: () => void): void;
  listener: { sockets: Record<string, Socket> };
}

interface Rinfo {
  address: string;
  port: number;
}

export interface ReceiverOptions {
  port: number;
  address: string;
  /** How often communities and v3 users are re-read from the credentials table. */
  authRefreshMs?: number;
  /** Interface name of `ifIndex` on `device` from the last poll. */
  ifName: (device: string, ifIndex: string) => string | null;
  /** Kernel receive buffer asked for; the kernel caps it at net.core.rmem_max. */
  recvBufferBytes?: number;
  /** Event table caps and queue bound. */
  storage?: WriterOptions;
  rejections?: { maxSourcesPerMinute: number; maxRows: number };
  /** Demo mode: the demo fleet's community is accepted only then. */
  demo?: boolean;
  /** Where background failures go; without it they are only logged. */
  faults?: Pick<Faults, 'record' | 'storageOk'>;
}

/** net-snmp's error for a datagram it would not hand over, as one of our reasons. */
export function rejectReason(err: Error & { code?: number }): RejectReason {
  if (err.name === 'RequestFailedError') return /community/i.test(err.message) ? 'bad_community' : 'bad_v3_auth';
  if (err.name === 'ResponseInvalidError')
    return err.code === snmp.ResponseInvalidCode.EAuthFailure || err.code === snmp.ResponseInvalidCode.ECouldNotDecrypt ? 'bad_v3_auth' : 'malformed';
  if (err.name === 'RequestInvalidError') return 'unsupported';
  return 'malformed';
}

/**
 * The trap receiver: net-snmp's createReceiver on one UDP port (v1/v2c/v3 traps and informs; informs
 * are acknowledged by net-snmp), each datagram turned into an event row and counted.
 */
export class TrapReceiver {
  private receiver: NetSnmpReceiver | null = null;
  private authTimer: NodeJS.Timeout | null = null;
  private readonly devices: DeviceByAddress;
  readonly writer: EventWriter;
  readonly rejections: RejectionCounter;
  private flushTimer: NodeJS.Timeout | null = null;
  /** v3 users whose configured level needs a digest: net-snmp refuses their unauthenticated messages. */
  private authenticatedUsers = new Set<string>();
  private users = new Set<string>();
  private communities = new Set<string>();
  /** Datagrams handled since start: accepted (stored or queued) and rejected. */
  readonly stats = { accepted: 0, rejected: 0 };
  port = 0;

  constructor(
    private readonly db: Db,
    private readonly metrics: TrapMetrics,
    private readonly log: Logger,
    private readonly opts: ReceiverOptions,
  ) {
    this.devices = new DeviceByAddress(db, 5000, (e) => (opts.faults ? opts.faults.record('trap-sources', e) : log.error('reading device addresses failed', { error: (e as Error).message })));
    this.writer = new EventWriter(
      db,
      opts.storage,
      (e) => (opts.faults ? opts.faults.record('trap-writer', e) : log.error('storing trap events failed', { error: e.message })),
      (reason, n) => metrics.dropped.inc({ reason }, n),
      (rows) => {
        opts.faults?.storageOk();
        // Counted once stored: a trap that two nodes receive, or an inform resent, counts once over the cluster.
        for (const r of rows) {
          if (r.device) metrics.traps.inc({ device: r.device, trap: r.trap });
          else metrics.unknown.inc({ source: metrics.sourceLabel(r.source) });
        }
      },
    );
    this.rejections = new RejectionCounter(db, opts.rejections ?? { maxSourcesPerMinute: 1000, maxRows: 100_000 });
  }

  async start(): Promise<number> {
    // Who may send and which device an address is, known before the first datagram is read.
    const [auth] = await Promise.all([trapAuthFromDb(this.db, { demo: !!this.opts.demo }), this.devices.load()]);
    const receiver = snmp.createReceiver(
      { port: this.opts.port, address: this.opts.address, transport: this.opts.address.includes(':') ? 'udp6' : 'udp4', includeAuthentication: true },
      (err: (Error & { code?: number | string; rinfo?: Rinfo }) | null, data?: { pdu: ReceivedPdu; rinfo: Rinfo }) => {
        try {
          if (err) this.onError(err);
          else if (data) this.onTrap(data.pdu, data.rinfo);
        } catch (e) {
          // Whatever a datagram contains, the receiver keeps running.
          this.reject('malformed', null);
          this.log.debug('trap handling failed', { error: (e as Error).message });
        }
      },
    ) as NetSnmpReceiver;
    this.receiver = receiver;
    this.applyAuth(auth);
    this.authTimer = setInterval(() => {
      this.refreshAuth().catch((e) => this.opts.faults?.record('trap-auth-refresh', e));
    }, this.opts.authRefreshMs ?? 30_000);
    this.authTimer.unref();
    this.flushTimer = setInterval(() => void this.flushRejections(), 1000);
    this.flushTimer.unref();
    const socket = Object.values(receiver.listener.sockets)[0];
    await new Promise<void>((resolve, reject) => {
      socket.once('listening', () => resolve());
      socket.once('error', reject);
    });
    try {
      socket.setRecvBufferSize(this.opts.recvBufferBytes ?? 8 * 1024 * 1024);
    } catch {
      /* capped by the kernel */
    }
    // net-snmp's datagram handler throws on some malformed input outside its own try (answering a
    // damaged inform or report): wrapped, so no datagram can take the process down. A datagram that
    // neither became a trap nor an error (a v3 discovery probe net-snmp answered itself) is still counted.
    const handlers = socket.listeners('message') as ((msg: Buffer, rinfo: Rinfo) => void)[];
    socket.removeAllListeners('message');
    socket.on('message', (msg: Buffer, rinfo: Rinfo) => {
      // A wrong community is refused from the message header alone: a flood of them costs a few
      // hundred nanoseconds each instead of a whole decode.
      if (this.foreignCommunity(msg)) return this.reject('bad_community', rinfo);
      const before = this.stats.accepted + this.stats.rejected;
      try {
        for (const h of handlers) h(msg, rinfo);
      } catch {
        if (this.stats.accepted + this.stats.rejected === before) this.reject('malformed', rinfo);
        return;
      }
      if (this.stats.accepted + this.stats.rejected === before) this.reject('unsupported', rinfo);
    });
    this.port = socket.address().port;
    this.log.info('trap receiver listening', { address: this.opts.address, port: this.port });
    return this.port;
  }

  async refreshAuth(): Promise<void> {
    this.applyAuth(await trapAuthFromDb(this.db, { demo: !!this.opts.demo }));
  }

  private applyAuth(auth: TrapAuth): void {
    if (!this.receiver) return;
    applyTrapAuth(this.receiver.getAuthorizer(), auth);
    this.users = new Set(auth.users.map((u) => u.name));
    this.communities = new Set(auth.communities);
    this.authenticatedUsers = new Set(auth.users.filter((u) => u.level !== snmp.SecurityLevel.noAuthNoPriv).map((u) => u.name));
  }

  /** True for a v1/v2c message whose community is not one we accept; anything unreadable is left to net-snmp. */
  private foreignCommunity(msg: Buffer): boolean {
    try {
      const r = new BerReader(msg);
      r.readSequence();
      const version = r.readInt();
      if (version !== 0 && version !== 1) return false;
      const community = r.readString();
      return typeof community === 'string' && !this.communities.has(community);
    } catch {
      return false;
    }
  }

  async flushRejections(): Promise<void> {
    try {
      await this.rejections.flush();
    } catch (e) {
      if (this.opts.faults) this.opts.faults.record('trap-rejections', e);
      else this.log.error('storing trap rejection counts failed', { error: (e as Error).message });
    }
  }

  private onError(err: Error & { code?: number | string; rinfo?: Rinfo }): void {
    if (typeof err.code === 'string') {
      // A socket error (the port is taken, the interface went away), not a datagram. Before the socket
      // listens, start() reports it.
      if (this.port) this.log.error('trap receiver socket error', { error: err.message });
      return;
    }
    const reason = rejectReason(err as Error & { code?: number });
    this.reject(reason, err.rinfo ?? null);
  }

  private reject(reason: RejectReason, rinfo: Rinfo | null): void {
    this.stats.rejected++;
    this.metrics.rejected.inc({ reason });
    // Counted per minute and claimed source, never a row per datagram: the source of an unauthenticated
    // datagram is whatever the sender wrote, so it is evidence of a claim, not of a device.
    const source = rinfo ? normaliseAddress(rinfo.address) : 'unknown';
    this.metrics.rejectedBySource.inc({ source: this.metrics.rejectedSourceLabel(source), reason });
    this.rejections.record(source, reason);
  }

  private onTrap(pdu: ReceivedPdu, rinfo: Rinfo): void {
    const t = decodeTrap(pdu);
    const source = normaliseAddress(rinfo.address);
    // net-snmp lets a v3 noAuthNoPriv message with an empty user name through: not one of our users.
    if (t.version === '3' && !this.users.has(pdu.user ?? '')) return this.reject('bad_v3_auth', rinfo);
    // Matched by the datagram's source only: the v1 agent-addr field is whatever the sender writes, and
    // trusting it would let a forged trap pass as a known device's.
    const device = this.devices.lookup(source);
    const ifName: IfNameLookup = (idx) => (device ? this.opts.ifName(device, idx) : null);
    const r = recognise(t, ifName);
    this.stats.accepted++;
    const e: NewEvent = {
      time: new Date(),
      source,
      device,
      kind: t.kind,
      version: t.version,
      trapOid: capUtf8(t.trapOid, 256),
      trap: r.trap,
      category: r.category,
      summary: capUtf8(r.summary, 1024),
      varbinds: boundVarbinds(t.varbinds),
      attribution: t.version === '3' && pdu.user !== undefined && this.authenticatedUsers.has(pdu.user) ? 'authenticated' : 'unverified',
      fingerprint: trapFingerprint(source, pdu, t),
    };
    e.bytes = eventBytes(e as Parameters<typeof eventBytes>[0]);
    this.writer.push(e);
  }

  async close(): Promise<void> {
    if (this.authTimer) clearInterval(this.authTimer);
    if (this.flushTimer) clearInterval(this.flushTimer);
    const r = this.receiver;
    this.receiver = null;
    if (r)
      await new Promise<void>((resolve) => {
        try {
          r.close(() => resolve());
        } catch {
          resolve(); // never bound (the port was taken)
        }
      });
    await this.writer.flush();
    await this.flushRejections();
  }
}
