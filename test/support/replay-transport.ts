import type { SnmpTarget } from '../../src/snmp/session';
import type { SnmpTransport, TransportFactory } from '../../src/snmp/transport';
import { SnmpError, type Varbind } from '../../src/snmp/types';
import { compareOids } from '../../src/snmp/oid';

const NO_SUCH_INSTANCE = 129;
const END_OF_MIB_VIEW = 130;

/** How a replayed agent misbehaves, scripted per recording. */
export interface Script {
  /** Every request times out, as a dead device or a wrong community (agents drop those silently). */
  silent?: boolean;
  /** Answers an SNMPv3 discovery probe even while silent to the community (the agent is alive). */
  answersDiscovery?: boolean;
  /** GETBULK asking for more repetitions than this answers tooBig (0: every GETBULK). */
  tooBigAbove?: number;
  /** GETNEXT/GETBULK answer the same instance again: a walk that does not advance. */
  nonIncreasing?: boolean;
  /** Instances under these OIDs are served as an OctetString of their text, whatever the MIB says they are. */
  wrongTypes?: string[];
}

const OCTET_STRING = 4;

export interface Call {
  op: 'get' | 'getNext' | 'getBulk' | 'probe';
  oids: string[];
  maxRepetitions?: number;
}

/** An agent served from recorded varbinds (a `.snmprec`), with scripted faults; it logs every request. */
export class ReplayTransport implements SnmpTransport {
  readonly calls: Call[] = [];
  private readonly sorted: Varbind[];

  constructor(
    varbinds: Varbind[],
    private readonly script: Script = {},
  ) {
    const retyped = (vb: Varbind): Varbind =>
      script.wrongTypes?.some((p) => vb.oid.startsWith(`${p}.`)) ? { oid: vb.oid, type: OCTET_STRING, value: Buffer.from(String(vb.value)) } : vb;
    this.sorted = varbinds.map(retyped).sort((a, b) => compareOids(a.oid, b.oid));
  }

  async get(oids: string[]): Promise<Varbind[]> {
    this.calls.push({ op: 'get', oids });
    this.fail();
    return oids.map((oid) => this.sorted.find((v) => v.oid === oid) ?? { oid, type: NO_SUCH_INSTANCE, value: null });
  }

  async getNext(oids: string[]): Promise<Varbind[]> {
    this.calls.push({ op: 'getNext', oids });
    this.fail();
    return oids.map((oid) => this.after(oid, 1)[0]);
  }

  async getBulk(oids: string[], maxRepetitions: number): Promise<Varbind[][]> {
    this.calls.push({ op: 'getBulk', oids, maxRepetitions });
    this.fail();
    if (this.script.tooBigAbove !== undefined && maxRepetitions > this.script.tooBigAbove) throw new SnmpError('too_big', 'agent answered tooBig');
    return oids.map((oid) => this.after(oid, maxRepetitions));
  }

  async answersV3Discovery(): Promise<boolean> {
    this.calls.push({ op: 'probe', oids: [] });
    return !!this.script.answersDiscovery || !this.script.silent;
  }

  reset(): void {}
  close(): void {}

  private fail(): void {
    if (this.script.silent) throw new SnmpError('timeout', 'request timed out');
  }

  /** The `n` instances after `oid`, then endOfMibView. */
  private after(oid: string, n: number): Varbind[] {
    if (this.script.nonIncreasing) return [{ oid: `${oid}.1`, type: 2, value: 1 }, { oid: `${oid}.1`, type: 2, value: 1 }];
    const out: Varbind[] = [];
    let i = this.sorted.findIndex((v) => compareOids(v.oid, oid) > 0);
    if (i === -1) i = this.sorted.length;
    for (; out.length < n; i++) out.push(i < this.sorted.length ? this.sorted[i] : { oid, type: END_OF_MIB_VIEW, value: null });
    return out;
  }
}

/** A transport factory serving one recording per `address:port`; the transports it made stay inspectable. */
export function replayAgents(agents: Record<string, { varbinds: Varbind[]; script?: Script }>): { factory: TransportFactory; transports: Map<string, ReplayTransport> } {
  const transports = new Map<string, ReplayTransport>();
  const factory: TransportFactory = (target: SnmpTarget) => {
    const key = `${target.address}:${target.port}`;
    const agent = agents[key];
    if (!agent) throw new Error(`no recording for ${key}`);
    const t = new ReplayTransport(agent.varbinds, agent.script);
    transports.set(key, t);
    return t;
  };
  return { factory, transports };
}
