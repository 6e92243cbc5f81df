import type { Vendor } from '../../collectors/types';

/** How traffic on an interface behaves; every value is a pure function of time so tests can freeze the clock. */
export interface TrafficProfile {
  /** Mean inbound / outbound utilisation of the link, 0..1. */
  in: number;
  out: number;
  /** Mean packet sizes in octets (in, out): they turn octet counters into packet counters. */
  packetSize?: [number, number];
  /** Errors and discards per hour, trickling in. */
  errorsPerHour?: number;
  discardsPerHour?: number;
  /** Starting ifHCInOctets, e.g. close to 2^64 on a long-running core uplink. Defaults to a value derived from the name. */
  inOctetsBase?: bigint;
}

export interface DemoInterface {
  ifIndex: number;
  /** ifName (short form, e.g. 100GE1/0/0); ifDescr defaults to it. */
  name: string;
  descr?: string;
  /** ifAlias: the description operators type, in Chinese here. */
  alias: string;
  /** IANAifType: 6 ethernetCsmacd (default), 24 softwareLoopback, 53 propVirtual, 161 ieee8023adLag. */
  type?: number;
  speedMbps: number;
  mtu?: number;
  /** Administratively shut down. */
  shutdown?: boolean;
  /** Goes down for `downSeconds` at the end of every `everySeconds` (a flaky last-mile link). */
  flap?: { everySeconds: number; downSeconds: number };
  traffic?: TrafficProfile;
  /** CIDR notation: the address and its prefix length. */
  ipv4?: string[];
  ipv6?: string[];
  /** IPv6 enabled on the interface: a link-local address appears even without a global one. */
  ipv6Enabled?: boolean;
}

export interface DemoRoute {
  /** Destination prefix in CIDR notation. */
  dest: string;
  nextHop: string;
  ifIndex: number;
  /** IANAipRouteProtocol: 2 local, 3 netmgmt (static), 9 is-is, 13 ospf, 14 bgp. */
  proto: number;
}

/** IP-MIB / IPV6-MIB evidence of the dual-stack state, as the device would report it. */
export interface DemoIpStack {
  /** ipv6IpForwarding (IP-MIB) or ipv6Forwarding (IPV6-MIB). */
  ipv6Forwarding: boolean;
  /** Where IPv6 addresses are reported: IP-MIB ipAddressTable, or IPV6-MIB only (Huawei NE/CE). */
  ipv6Mib: 'ip-mib' | 'ipv6-mib';
  /** Share of IP octets that are IPv6, for ipSystemStatsTable. */
  ipv6Share: number;
  routes: DemoRoute[];
}

export interface DemoEntity {
  /** entPhysicalIndex and entPhysicalName. */
  index: number;
  name: string;
  /** Mean CPU and memory usage in percent; 0/0 for entities without a processor (fans, power). */
  cpu: number;
  memory: number;
}

export interface DemoDevice {
  /** Inventory name. */
  name: string;
  unit: string;
  role: string;
  vendor: Exclude<Vendor, 'unknown'>;
  credential: 'v2c' | 'v3';
  /** Managed over IPv6 (the agent also listens on ::1 and the device is polled there when the host has IPv6). */
  managedOverIpv6?: boolean;
  sys: { objectID: string; descr: string; name: string; location: string; contact: string };
  interfaces: DemoInterface[];
  entities: DemoEntity[];
  /** HOST-RESOURCES-MIB hosts: RAM and file systems in KiB. */
  host?: { ramKiB: number; ramUsed: number; disks: { descr: string; sizeKiB: number; used: number }[] };
  ip: DemoIpStack;
  /** Operator-declared SRv6 state (no MIB reports it), passed on to the device's configuration. */
  srv6?: { capable: boolean; enabled: boolean; locator?: string };
}
