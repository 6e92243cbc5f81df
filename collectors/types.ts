import type { Varbind } from '../src/snmp/types';

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

export interface Collector {
  name: string;
  appliesTo(facts: DeviceFacts): boolean;
  /** Scalar instances fetched with GET. */
  get?: string[];
  /** Subtrees (usually table columns) walked side by side; may depend on the device. */
  walk?: string[] | ((facts: DeviceFacts) => string[]);
  metrics: MetricDef[];
  /** Keep the fetched varbinds in the device state (DeviceState.collected) for features that parse them into typed evidence. */
  keepCollected?: boolean;
  /** Pure: recorded varbinds in, samples out. Must tolerate missing columns, absences and empty tables. */
  parse(data: Collected, facts: DeviceFacts): Sample[];
}
