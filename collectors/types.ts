import type { Varbind } from '../src/snmp/types';
import type { IpCounters, IpEvidence } from './ip-evidence';
import type { NeighbourLink } from './neighbours';

export type Vendor = 'huawei' | 'h3c' | 'cisco' | 'ruijie' | 'zte' | 'linux' | 'unknown';

/** What is known about a device before its collectors run (from inventory and the system GET). */
export interface DeviceFacts {
  vendor: Vendor;
  sysObjectID: string | null;
  /** SNMP version of the device's credential: v1 agents have no Counter64. */
  snmpVersion: '1' | '2c' | '3';
}

export type MetricType = 'gauge' | 'counter';

/** One metric family a collector may emit; exposition writes HELP and TYPE from it. */
export interface MetricDef {
  name: string;
  help: string;
  type: MetricType;
}

/** A sample without the device-wide labels (device, unit, town), which the exposition adds. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number | bigint;
}

/** What the engine fetched for a collector: scalars by OID, walked subtrees by root OID. */
export interface Collected {
  get: Map<string, Varbind>;
  walk: Map<string, Varbind[]>;
}

/** The system group as features read it (identity and the agent's clock). */
export interface SystemIdentity {
  sysName: string;
  sysDescr: string;
  sysObjectID: string;
  sysLocation: string;
  sysContact: string;
  /** Hundredths of a second since the agent started; null when not served. */
  sysUpTime: number | null;
}

/** One row of ifTable/ifXTable as features read it; absent columns are null. */
export interface InterfaceRow {
  ifIndex: number;
  /** ifName, else ifDescr, else "ifIndex N". */
  name: string;
  ifDescr: string;
  ifAlias: string;
  ifType: number | null;
  ifAdminStatus: number | null;
  ifOperStatus: number | null;
  /** Bits per second: ifHighSpeed × 10⁶ where served, else ifSpeed. */
  speed: number | null;
  /** ifHCIn/OutOctets (ifIn/OutOctets for v1 agents). */
  inOctets: bigint | null;
  outOctets: bigint | null;
  inErrors: bigint | null;
  outErrors: bigint | null;
}

/**
 * Typed data that features read from a poll, parsed once by the collector that fetched it. A member is
 * absent when its collector did not run in this poll (failed, not applicable, or not due this cycle).
 */
export interface PollEvidence {
  system?: SystemIdentity;
  interfaces?: InterfaceRow[];
  /** IP-MIB dual-stack evidence (the `ip` collector, every few cycles). */
  ip?: IpEvidence;
  /** IP octet counters by version (the `ip-traffic` collector, every cycle). */
  ipCounters?: IpCounters;
  /** LLDP/CDP neighbours with their local interface (the `neighbours` collector). */
  neighbours?: NeighbourLink[];
  /** The device's own LLDP chassis id (lldpLocChassisId), null when it runs no LLDP. */
  localChassisId?: string | null;
}

/** What a collector makes of its varbinds: samples for the exposition, and typed evidence for features. */
export interface Parsed {
  samples: Sample[];
  evidence?: PollEvidence;
}

export interface Collector {
  name: string;
  appliesTo(facts: DeviceFacts): boolean;
  /** Scalar instances fetched with GET. */
  get?: string[];
  /** Subtrees (usually table columns) walked side by side; may depend on the device. */
  walk?: string[] | ((facts: DeviceFacts) => string[]);
  metrics: MetricDef[];
  /**
   * Pure: recorded varbinds in, samples (and evidence) out. Must tolerate missing columns, absences and empty
   * tables. `earlier` is the evidence of the collectors parsed before this one in the same poll (registry order).
   */
  parse(data: Collected, facts: DeviceFacts, earlier?: Readonly<PollEvidence>): Parsed;
}
