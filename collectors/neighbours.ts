import type { Collector, InterfaceRow, Sample } from './types';
import { CDP_CACHE, LLDP_LOC_CHASSIS, LLDP_LOC_PORT, LLDP_REM, LLDP_REM_MAN_ADDR, MAX_NEIGHBOURS_PER_DEVICE, parseCdp, parseLldp, parseLocalChassisId, type Neighbour } from './lldp';

/**
 * Link-layer neighbours from LLDP-MIB on every device, plus CISCO-CDP-MIB on Cisco. Each neighbour is matched
 * to a local interface (by lldpLocPortNum = ifIndex, else by port name) so the link carries its ifName and
 * whether that interface is up. Matching neighbours to inventory devices happens in the topology service.
 */
export const neighbours: Collector = {
  name: 'neighbours',
  appliesTo: () => true,
  walk: (facts) => [
    ...Object.values(LLDP_LOC_CHASSIS),
    ...Object.values(LLDP_LOC_PORT),
    ...Object.values(LLDP_REM),
    LLDP_REM_MAN_ADDR,
    ...(facts.vendor === 'cisco' ? Object.values(CDP_CACHE) : []),
  ],
  metrics: [
    { name: 'yunet_link_info', help: 'A link-layer neighbour seen by LLDP or CDP on an interface (always 1).', type: 'gauge' },
    { name: 'yunet_link_up', help: 'Whether the local interface of a neighbour link is operationally up (1) or not (0).', type: 'gauge' },
    { name: 'yunet_neighbours_dropped', help: `Neighbours a device reported beyond the ${MAX_NEIGHBOURS_PER_DEVICE} kept per device.`, type: 'gauge' },
  ],
  parse({ walk }, facts, earlier) {
    const ifs = earlier?.interfaces ?? [];
    const lldp = parseLldp(walk);
    const cdp = facts.vendor === 'cisco' ? parseCdp(walk, new Map(ifs.map((i) => [i.ifIndex, i.name])), MAX_NEIGHBOURS_PER_DEVICE - lldp.neighbours.length) : { neighbours: [], dropped: 0 };
    const links = [...lldp.neighbours, ...cdp.neighbours].map((n) => ({ ...n, local: localInterface(n, ifs) }));
    const samples: Sample[] = [];
    const seen = new Set<string>();
    for (const l of links) {
      const labels = { ifName: l.local?.name ?? l.localPortName, neighbour: l.sysName || l.chassisId, neighbour_ifName: l.portName };
      const key = JSON.stringify(labels);
      if (seen.has(key)) continue; // the same neighbour by LLDP and CDP
      seen.add(key);
      samples.push({ name: 'yunet_link_info', labels, value: 1 });
      if (l.local && l.local.ifOperStatus !== null) samples.push({ name: 'yunet_link_up', labels, value: l.local.ifOperStatus === 1 ? 1 : 0 });
    }
    samples.push({ name: 'yunet_neighbours_dropped', labels: {}, value: lldp.dropped + cdp.dropped });
    return { samples, evidence: { localChassisId: parseLocalChassisId(walk), neighbours: links.map(({ local, ...n }) => ({ ...n, localIfIndex: local?.ifIndex ?? null, localPortName: local?.name ?? n.localPortName })) } };
  },
};

/** lldpd and most switches number LLDP ports by ifIndex; when that fails, match the port's name. */
function localInterface(n: Neighbour, ifs: InterfaceRow[]): InterfaceRow | undefined {
  const byIndex = ifs.find((i) => i.ifIndex === n.localPort);
  const byName = n.localPortName ? ifs.find((i) => i.name === n.localPortName || i.ifDescr === n.localPortName) : undefined;
  if (byIndex && (!byName || byName === byIndex)) return byIndex;
  return byName ?? byIndex;
}

export interface NeighbourLink extends Neighbour {
  localIfIndex: number | null;
}
