import type { InterfaceRow } from '../../collectors/types';
import type { NeighbourLink } from '../../collectors/neighbours';
import { MAX_NEIGHBOURS_PER_DEVICE } from '../../collectors/lldp';
import type { PollResult } from '../poll/result';

/** The interface columns the graph reads (names to match LLDP ports, state); counters stay with their poller. */
type SeenInterface = Pick<InterfaceRow, 'ifIndex' | 'name' | 'ifDescr' | 'ifOperStatus'>;
/** The columns utilisation is worked out from, kept from one poll to the next. */
type Counters = Pick<InterfaceRow, 'ifIndex' | 'speed' | 'inOctets' | 'outOctets'>;

/** What topology keeps of a device's last two polls: neighbours, interfaces and when. */
interface DeviceSeen {
  name: string;
  address: string;
  unit: string | null;
  sysName: string;
  chassisId: string | null;
  up: boolean;
  neighbours: NeighbourLink[];
  interfaces: SeenInterface[];
  at: number;
  /** Each interface's utilisation (0…1) between the last two polls of its counters, by ifIndex. */
  utilisation: Map<number, number>;
}

/** A device as its poller shares it with the other nodes (several nodes split the fleet). */
export type SharedSeen = DeviceSeen;

/** What of a shared device changes rarely: who it is, its neighbours and interfaces. */
export type SeenFacts = Omit<SharedSeen, 'up' | 'at' | 'utilisation'>;
/** What changes with every poll, utilisation as [ifIndex, share] pairs (plain JSON). */
export interface SeenState {
  up: boolean;
  at: number;
  utilisation: [number, number][];
}

/** A shared device in its two parts: the owner writes the facts again only when they changed. */
export function splitSeen(d: SharedSeen): { facts: SeenFacts; state: SeenState } {
  const { up, at, utilisation, interfaces, ...rest } = d;
  // Only the columns the graph reads: a device polled here keeps its whole interface rows (counters included).
  const facts = { ...rest, interfaces: interfaces.map(({ ifIndex, name, ifDescr, ifOperStatus }) => ({ ifIndex, name, ifDescr, ifOperStatus })) };
  return { facts, state: { up, at, utilisation: [...utilisation] } };
}

/** Throws on what splitSeen cannot have made: the graph iterates these arrays, a node must not break it. */
export function joinSeen(facts: SeenFacts, state: SeenState): SharedSeen {
  if (typeof facts?.name !== 'string' || !Array.isArray(facts.neighbours) || !Array.isArray(facts.interfaces) || !Array.isArray(state?.utilisation))
    throw new Error('topology: not a shared device (name, neighbours, interfaces, utilisation)');
  if (facts.neighbours.length > MAX_NEIGHBOURS_PER_DEVICE) throw new Error(`topology: ${facts.neighbours.length} neighbours, more than the ${MAX_NEIGHBOURS_PER_DEVICE} a device keeps`);
  return { ...facts, up: state.up, at: state.at, utilisation: new Map(state.utilisation) };
}

/** The devices other nodes poll, as they last shared them, and a stamp that moves when they share again. */
export interface Elsewhere {
  stamp: string;
  devices: Iterable<SharedSeen>;
}

export interface TopologyNode {
  id: string;
  /** Inventory device, or a neighbour not in the inventory (a discovery candidate). */
  kind: 'device' | 'unknown';
  unit: string | null;
  up: boolean | null;
}

export interface TopologyEnd {
  node: string;
  ifName: string;
}

export interface TopologyLink {
  a: TopologyEnd;
  b: TopologyEnd;
  /** down: either device unreachable or either interface not up; lost: seen earlier, no longer reported. */
  state: 'up' | 'down' | 'lost';
  /** Highest in/out utilisation (0…1) of either end over its last two polls; null when not measurable. */
  utilisation: number | null;
}

/** A neighbour that matches no inventory device by chassis id, sysName or management address. */
export interface UnknownNeighbour {
  /** The inventory device that sees it, and on which interface. */
  device: string;
  ifName: string;
  /** Its LLDP/CDP system name, else its chassis id, and its port. */
  neighbour: string;
  neighbourIfName: string;
  /** What it calls itself ("" when it sends no system name). */
  sysName: string;
  unit: string | null;
  managementAddresses: string[];
}

export interface TopologyView {
  nodes: TopologyNode[];
  links: TopologyLink[];
  unknown: UnknownNeighbour[];
}

/** How long a link that stopped being reported stays on the map as lost (the alert rule's horizon). */
export const LOST_LINK_MEMORY_MS = 24 * 3600_000;

/** Keeps each device's neighbours from its polls and joins them into the district's graph. */
export class Topology {
  private seen = new Map<string, DeviceSeen>();
  /** The latest interface counters of each device polled here (utilisation is worked out from two polls). */
  private counters = new Map<string, { at: number; interfaces: Counters[] }>();
  /** Every link reported within LOST_LINK_MEMORY_MS, by key, with when it was last reported. */
  private remembered = new Map<string, { link: TopologyLink; at: number }>();
  private cached: { stamp: string; view: TopologyView } | null = null;

  /**
   * `elsewhere`: the devices other nodes poll, so links between devices of two nodes join up; `sync` reads them
   * again from the database.
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly elsewhere: () => Elsewhere = () => ({ stamp: '', devices: [] }),
    private readonly sync: () => Promise<void> = async () => {},
  ) {}

  /** The graph with what the other nodes last shared (as last read while the database is away). */
  async fresh(): Promise<TopologyView> {
    await this.sync().catch(() => {});
    return this.view();
  }

  /** A device polled here, as the other nodes need it; null when not polled here. */
  shared(name: string): SharedSeen | null {
    return this.seen.get(name) ?? null;
  }

  observe(poll: PollResult): void {
    const d = poll.device;
    const old = this.seen.get(d.name);
    const before = this.counters.get(d.name);
    // The rows themselves, not a copy of their counter columns: the device page keeps the same array.
    const counters: Counters[] | undefined = poll.evidence.interfaces;
    if (counters) this.counters.set(d.name, { at: poll.at.getTime(), interfaces: counters });
    // The rows themselves again (no copy of their columns): splitSeen picks the columns it shares.
    const interfaces = poll.evidence.interfaces ?? old?.interfaces ?? [];
    this.seen.set(d.name, {
      name: d.name,
      address: d.address,
      unit: d.unit ?? null,
      sysName: poll.evidence.system?.sysName ?? old?.sysName ?? '',
      chassisId: poll.evidence.localChassisId !== undefined ? poll.evidence.localChassisId : (old?.chassisId ?? null),
      up: poll.up,
      neighbours: poll.evidence.neighbours ?? (poll.up ? (old?.neighbours ?? []) : []),
      interfaces,
      at: poll.at.getTime(),
      // Worked out now from the counter columns of this poll and the one before (only those columns are kept).
      utilisation: before && counters ? utilisations(before.interfaces, before.at, counters, poll.at.getTime()) : (old?.utilisation ?? new Map()),
    });
    this.cached = null;
  }

  /** Devices observed so far (the caller forgets those that left the inventory). */
  names(): string[] {
    return [...this.seen.keys()];
  }

  forget(name: string): void {
    this.seen.delete(name);
    this.counters.delete(name);
    for (const [key, r] of this.remembered) if (r.link.a.node === name || r.link.b.node === name) this.remembered.delete(key);
    this.cached = null;
  }

  /** The graph as of the last polls; links reported earlier and no longer are kept as lost for a day. */
  view(): TopologyView {
    const elsewhere = this.elsewhere();
    if (this.cached?.stamp === elsewhere.stamp) return this.cached.view;
    const now = this.now();
    const all = new Map(this.seen);
    for (const d of elsewhere.devices) if (!all.has(d.name)) all.set(d.name, d);
    const devices = [...all.values()];
    const byChassis = new Map(devices.filter((d) => d.chassisId).map((d) => [d.chassisId!, d]));
    const byName = new Map<string, DeviceSeen>();
    for (const d of devices) byName.set(d.name, d);
    for (const d of devices) if (d.sysName && !byName.has(d.sysName)) byName.set(d.sysName, d);
    const byAddress = new Map(devices.map((d) => [d.address, d]));
    const match = (n: NeighbourLink) =>
      (n.chassisId ? byChassis.get(n.chassisId) : undefined) ?? (n.sysName ? byName.get(n.sysName) : undefined) ?? n.managementAddresses.map((a) => byAddress.get(a)).find(Boolean);

    const nodes = new Map<string, TopologyNode>(devices.map((d) => [d.name, { id: d.name, kind: 'device' as const, unit: d.unit, up: d.up }]));
    const links = new Map<string, TopologyLink>();
    const unknown: UnknownNeighbour[] = [];
    for (const d of devices) {
      for (const n of d.neighbours) {
        const peer = match(n);
        const other = peer?.name ?? (n.sysName || n.chassisId);
        if (!other) continue;
        if (!peer) {
          if (!nodes.has(other)) nodes.set(other, { id: other, kind: 'unknown', unit: d.unit, up: null });
          unknown.push({ device: d.name, unit: d.unit, ifName: n.localPortName, neighbour: other, neighbourIfName: n.portName, sysName: n.sysName, managementAddresses: n.managementAddresses });
        }
        const ends: [TopologyEnd, TopologyEnd] = [{ node: d.name, ifName: n.localPortName }, { node: other, ifName: n.portName }];
        ends.sort((x, y) => (`${x.node}\u0000${x.ifName}` < `${y.node}\u0000${y.ifName}` ? -1 : 1));
        const key = JSON.stringify(ends);
        if (!links.has(key)) links.set(key, { a: ends[0], b: ends[1], state: 'up', utilisation: null });
      }
    }
    for (const [key, link] of links) {
      const ends = [link.a, link.b].map((e) => ({ device: all.get(e.node), ifName: e.ifName }));
      if (ends.some((e) => e.device && isDown(e.device, e.ifName))) link.state = 'down';
      const u = ends.map((e) => (e.device ? utilisation(e.device, e.ifName) : null)).filter((x): x is number => x !== null);
      link.utilisation = u.length ? Math.max(...u) : null;
      this.remembered.set(key, { link, at: now });
    }
    for (const [key, r] of this.remembered) {
      if (links.has(key)) continue;
      // Forgotten after a day, or when an end is gone (a device removed, an unknown neighbour no longer seen).
      if (now - r.at > LOST_LINK_MEMORY_MS || !nodes.has(r.link.a.node) || !nodes.has(r.link.b.node)) {
        this.remembered.delete(key);
        continue;
      }
      links.set(key, { ...r.link, state: 'lost', utilisation: null });
    }
    const view = { nodes: [...nodes.values()].sort((x, y) => (x.id < y.id ? -1 : 1)), links: [...links.values()], unknown };
    this.cached = { stamp: elsewhere.stamp, view };
    return view;
  }
}

const interfaceNamed = (d: DeviceSeen, ifName: string) => d.interfaces.find((i) => i.name === ifName) ?? d.interfaces.find((i) => i.ifDescr === ifName);

function isDown(d: DeviceSeen, ifName: string): boolean {
  const i = interfaceNamed(d, ifName);
  return !d.up || (i?.ifOperStatus != null && i.ifOperStatus !== 1);
}

/** Octets moved between two polls against each interface's speed, the busier direction; by ifIndex. */
function utilisations(before: Counters[], beforeAt: number, now: Counters[], nowAt: number): Map<number, number> {
  const out = new Map<number, number>();
  const seconds = (nowAt - beforeAt) / 1000;
  if (seconds <= 0) return out;
  const earlier = new Map(before.map((i) => [i.ifIndex, i]));
  const rate = (a: bigint | null, b: bigint | null) => (a !== null && b !== null && a >= b ? (Number(a - b) * 8) / seconds : null);
  for (const i of now) {
    const b = earlier.get(i.ifIndex);
    if (!b || !i.speed) continue;
    const rates = [rate(i.inOctets, b.inOctets), rate(i.outOctets, b.outOctets)].filter((r): r is number => r !== null);
    if (rates.length) out.set(i.ifIndex, Math.min(1, Math.max(...rates) / i.speed));
  }
  return out;
}

function utilisation(d: DeviceSeen, ifName: string): number | null {
  const i = interfaceNamed(d, ifName);
  return (i && d.utilisation.get(i.ifIndex)) ?? null;
}
