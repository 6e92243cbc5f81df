import { createHash } from 'node:crypto';
import type { DemoDevice } from '../model';
import { demoStrangers, demoWiring } from '../wiring';
import { T, table, type MibSpec } from './spec';

const LLDP = '1.0.8802.1.1.2.1';
/** LldpChassisIdSubtype macAddress(4), LldpPortIdSubtype interfaceName(5) (IEEE 802.1AB LLDP-MIB). */
const CHASSIS_MAC = 4;
const PORT_NAME = 5;

/** A stable, locally administered MAC per device name: the demo's chassis id. */
export function demoChassisMac(name: string): Buffer {
  const mac = createHash('sha256').update(name).digest().subarray(0, 6);
  mac[0] = (mac[0] & 0xfe) | 0x02;
  return mac;
}

/**
 * LLDP-MIB of a demo device from the demo wiring: its chassis id, its ports (lldpLocPortNum = ifIndex), and one
 * lldpRemTable row per cabled port; strangers also announce a management address.
 */
export function lldpMib(d: DemoDevice, fleet: DemoDevice[]): MibSpec {
  const byName = new Map(fleet.map((x) => [x.name, x]));
  const remote: { ifIndex: number; chassis: Buffer; port: string; portDesc: string; sysName: string; address?: string }[] = [];
  const ifIndexOf = (port: string) => d.interfaces.find((i) => i.name === port)?.ifIndex;
  for (const [a, pa, b, pb] of demoWiring)
    for (const [here, herePort, there, therePort] of [
      [a, pa, b, pb],
      [b, pb, a, pa],
    ]) {
      const peer = byName.get(there);
      const ifIndex = here === d.name ? ifIndexOf(herePort) : undefined;
      if (!peer || ifIndex === undefined) continue;
      const peerIf = peer.interfaces.find((i) => i.name === therePort);
      remote.push({ ifIndex, chassis: demoChassisMac(peer.name), port: therePort, portDesc: peerIf?.alias ?? '', sysName: peer.sys.name });
    }
  for (const s of demoStrangers) {
    const ifIndex = s.device === d.name ? ifIndexOf(s.port) : undefined;
    if (ifIndex !== undefined) remote.push({ ifIndex, chassis: demoChassisMac(s.sysName), port: s.portName, portDesc: '', sysName: s.sysName, address: s.address });
  }
  if (!remote.length) return { scalars: [], tables: [] };
  const ports = d.interfaces.filter((i) => (i.type ?? 6) === 6);
  return {
    scalars: [
      { oid: `${LLDP}.3.1`, type: T.Integer, value: CHASSIS_MAC },
      { oid: `${LLDP}.3.2`, type: T.OctetString, value: demoChassisMac(d.name) },
      { oid: `${LLDP}.3.3`, type: T.OctetString, value: d.sys.name },
    ],
    tables: [
      table(`${LLDP}.3.7.1`, { 2: T.Integer, 3: T.OctetString, 4: T.OctetString }, ports.map((i) => ({ index: i.ifIndex, cells: { 2: PORT_NAME, 3: i.name, 4: i.alias } }))),
      table(
        `${LLDP}.4.1.1`,
        { 4: T.Integer, 5: T.OctetString, 6: T.Integer, 7: T.OctetString, 8: T.OctetString, 9: T.OctetString },
        remote.map((r) => ({ index: `0.${r.ifIndex}.1`, cells: { 4: CHASSIS_MAC, 5: r.chassis, 6: PORT_NAME, 7: r.port, 8: r.portDesc, 9: r.sysName } })),
      ),
      // lldpRemManAddrIfSubtype ifIndex(2); the address (IPv4, 4 octets) is in the index.
      table(
        `${LLDP}.4.2.1`,
        { 3: T.Integer },
        remote.filter((r) => r.address).map((r) => ({ index: `0.${r.ifIndex}.1.1.4.${r.address}`, cells: { 3: 2 } })),
      ),
    ],
  };
}
