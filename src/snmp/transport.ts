import type { SnmpTarget } from './session';
import type { Varbind } from './types';

/**
 * One device's SNMP requests, nothing of the library behind them: what the client's walks and the poller
 * need. net-snmp sits behind it for real (`net-snmp-transport.ts`); recorded walks sit behind it in fast
 * tests. Every method throws `SnmpError` with a kind.
 */
export interface SnmpTransport {
  get(oids: string[]): Promise<Varbind[]>;
  /** GETNEXT (SNMPv1 walks): the instance after each OID. */
  getNext(oids: string[]): Promise<Varbind[]>;
  /** GETBULK: for each OID, up to `maxRepetitions` instances after it. */
  getBulk(oids: string[], maxRepetitions: number): Promise<Varbind[][]>;
  /** Whether anything answers an SNMPv3 engine-discovery request at the target (any agent does, whatever the community). */
  answersV3Discovery(timeoutMs: number): Promise<boolean>;
  /** Drops the socket: the next request starts afresh (re-resolving a host name). */
  reset(): void;
  close(): void;
}

export interface TransportOptions {
  timeoutMs: number;
  retries: number;
  /** Requests in flight at once. */
  maxInFlight?: number;
}

export type TransportFactory = (target: SnmpTarget, opts: TransportOptions) => SnmpTransport;
