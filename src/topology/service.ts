import type { InterfaceRow } from '../../collectors/types';
import type { NeighbourLink } from '../../collectors/neighbours';
import type { PollResult } from '../poll/result';

/** What topology keeps of a device's last two polls: neighbours, interfaces and when. */
interface DeviceSeen {
  name: string;
  address: string;
  unit: string | null;
  sysName: string;
  up: boolean;
  neighbours: NeighbourLink[];
  interfaces: InterfaceRow[];
  at: number;
  previous?: { interfaces: InterfaceRow[]; at: number };
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
  state: 'up' | 'down';
  /** Highest in/out utilisation (0…1) of either end over its last two polls; null when not measurable. */
  utilisation: number | null;
}

export interface TopologyView {
  nodes: TopologyNode[];
  links: TopologyLink[];
}

/** Keeps each device's neighbours from its polls and joins them into the district's graph. */
export class Topology {
  private seen = new Map<string, DeviceSeen>();

  observe(poll: PollResult): void {
    const d = poll.device;
    const old = this.seen.get(d.name);
    const interfaces = poll.evidence.interfaces ?? old?.interfaces ?? [];
    this.seen.set(d.name, {
      name: d.name,
      address: d.address,
      unit: d.unit ?? null,
      sysName: poll.evidence.system?.sysName ?? old?.sysName ?? '',
      up: poll.up,
      neighbours: poll.evidence.neighbours ?? (poll.up ? (old?.neighbours ?? []) : []),
      interfaces,
      at: poll.at.getTime(),
      previous: old && poll.evidence.interfaces ? { interfaces: old.interfaces, at: old.at } : old?.previous,
    });
  }

  forget(name: string): void {
    this.seen.delete(name);
  }

  view(): TopologyView {
    const devices = [...this.seen.values()];
    const byName = new Map<string, DeviceSeen>();
    for (const d of devices) {
      byName.set(d.name, d);
      if (d.sysName && !byName.has(d.sysName)) byName.set(d.sysName, d);
    }
    const byAddress = new Map(devices.map((d) => [d.address, d]));
    const match = (n: NeighbourLink) => byName.get(n.sysName) ?? byName.get(n.chassisId) ?? n.managementAddresses.map((a) => byAddress.get(a)).find(Boolean);
    const nodes = new Map<string, TopologyNode>(devices.map((d) => [d.name, { id: d.name, kind: 'device' as const, unit: d.unit, up: d.up }]));
    const links = new Map<string, TopologyLink>();
    for (const d of devices) {
      for (const n of d.neighbours) {
        const peer = match(n);
        const other = peer?.name ?? (n.sysName || n.chassisId);
        if (!peer && !nodes.has(other)) nodes.set(other, { id: other, kind: 'unknown', unit: d.unit, up: null });
        const ends: [TopologyEnd, TopologyEnd] = [{ node: d.name, ifName: n.localPortName }, { node: other, ifName: n.portName }];
        ends.sort((x, y) => (`${x.node}\u0000${x.ifName}` < `${y.node}\u0000${y.ifName}` ? -1 : 1));
        const key = JSON.stringify(ends);
        const local = d.interfaces.find((i) => i.name === n.localPortName);
        const downHere = !d.up || (local?.ifOperStatus != null && local.ifOperStatus !== 1);
        const u = utilisation(d, n.localPortName);
        const existing = links.get(key);
        if (existing) {
          if (downHere) existing.state = 'down';
          if (u !== null) existing.utilisation = Math.max(existing.utilisation ?? 0, u);
        } else {
          links.set(key, { a: ends[0], b: ends[1], state: downHere ? 'down' : 'up', utilisation: u });
        }
      }
    }
    return { nodes: [...nodes.values()].sort((x, y) => (x.id < y.id ? -1 : 1)), links: [...links.values()] };
  }
}

/** Octets moved between the last two polls against the interface speed, the busier direction. */
function utilisation(d: DeviceSeen, ifName: string): number | null {
  if (!d.previous) return null;
  const now = d.interfaces.find((i) => i.name === ifName);
  const before = d.previous.interfaces.find((i) => i.name === ifName);
  const seconds = (d.at - d.previous.at) / 1000;
  if (!now || !before || !now.speed || seconds <= 0) return null;
  const rate = (a: bigint | null, b: bigint | null) => (a !== null && b !== null && a >= b ? Number(a - b) * 8 / seconds : null);
  const rates = [rate(now.inOctets, before.inOctets), rate(now.outOctets, before.outOctets)].filter((r): r is number => r !== null);
  return rates.length ? Math.min(1, Math.max(...rates) / now.speed) : null;
}
