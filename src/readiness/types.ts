import type { IpAddressRow, IpEvidence } from '../../collectors/ip-evidence';
import type { Srv6Declaration } from '../config/srv6';
import type { TrafficState } from './traffic';

export type CheckStatus = 'pass' | 'fail' | 'unknown';

export const CHECK_IDS = [
  'ipv6_forwarding',
  'ipv6_interface',
  'dual_stack_addressing',
  'ipv6_routes',
  'ipv6_traffic',
  'snmp_over_ipv6',
  'srv6_declared',
  'srv6_locator_in_block',
  'srv6_locator_unique',
  'srv6_locator_routed',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface Check {
  id: CheckId;
  status: CheckStatus;
  reason: string;
}

/** 0 IPv4 only · 1 IPv6 enabled · 2 dual-stack addressed · 3 dual-stack in service · 4 SRv6 ready; null = unknown. */
export type Level = 0 | 1 | 2 | 3 | 4;

export const LEVEL_NAMES: Record<Level, string> = {
  0: 'IPv4 only',
  1: 'IPv6 enabled',
  2: 'dual-stack addressed',
  3: 'dual-stack in service',
  4: 'SRv6 ready',
};

export const FINDING_KINDS = [
  'outside_unit_prefix',
  'unit_overlap',
  'duplicate_address',
  'host_bits_set',
  'invalid_prefix',
  'srv6_outside_block',
  'srv6_locator_overlap',
  'srv6_unrouted',
  'srv6_contradiction',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  unit: string | null;
  device: string | null;
  interface: string | null;
  address: string | null;
  message: string;
}

/** What readiness knows about one device when it scores it. */
export interface DeviceInput {
  name: string;
  unit: string | null;
  role: string | null;
  /** Inventory (management) address. */
  address: string;
  /** Result of the last poll: null never polled. */
  up: boolean | null;
  /** Latest IP evidence, kept across failed polls; null when never collected. */
  evidence: IpEvidence | null;
  evidenceAt: Date | null;
  /** Why there is no evidence (never reached, ip collector failed …). */
  evidenceNote: string | null;
  traffic: TrafficState | null;
  srv6: Srv6Declaration | null;
}

export interface UnitInput {
  name: string;
  town: string | null;
  ipv4: string[];
  ipv6: string[];
}

export interface DeviceReadiness {
  device: string;
  unit: string | null;
  address: string;
  up: boolean | null;
  level: Level | null;
  levelName: string;
  checks: Check[];
  addresses: IpAddressRow[];
  /** From `ipv6TrafficInterval`; null without one or when nothing moved in it. */
  ipv6TrafficShare: number | null;
  /** The latest interval in which the counters moved; null until there is one. */
  ipv6TrafficInterval: TrafficInterval | null;
  /** Why the latest poll closed no interval (then an older interval, or none, answers); null when it did. */
  ipv6TrafficNote: string | null;
  evidenceAt: string | null;
  findings: Finding[];
}

export interface TrafficInterval {
  from: string;
  to: string;
  ipv4Octets: bigint;
  ipv6Octets: bigint;
}

export interface UnitReadiness {
  unit: string;
  town: string | null;
  devices: number;
  byLevel: Record<'unknown' | '0' | '1' | '2' | '3' | '4', number>;
  /** Among devices with a known level. */
  shareLevel2Plus: number | null;
  shareLevel3Plus: number | null;
  /** IPv6 over all IP traffic of the unit's devices, each weighted by its octet rate in its latest moving interval. */
  ipv6TrafficShare: number | null;
  findings: number;
}

/** The national 2025 targets the bureau reports against. */
export const YARDSTICKS = {
  year: 2025,
  fixedNetworkIpv6TrafficShare: 0.27,
  mobileNetworkIpv6TrafficShare: 0.7,
} as const;

export interface ReadinessReport {
  generatedAt: string;
  devices: DeviceReadiness[];
  units: UnitReadiness[];
  district: UnitReadiness;
  findings: Finding[];
  yardsticks: typeof YARDSTICKS;
}
