import type { Varbind } from '../src/snmp/types';
import { column, num, text } from './decode';
import { capUtf8 } from '../src/text';

/** LLDP-MIB (IEEE 802.1AB, lldpMIB 1.0.8802.1.1.2) and CISCO-CDP-MIB columns read by the neighbours collector. */
const LLDP = '1.0.8802.1.1.2.1';
export const LLDP_LOC_PORT = { id: `${LLDP}.3.7.1.3`, desc: `${LLDP}.3.7.1.4` } as const;
/** The device's own chassis id (scalars lldpLocChassisIdSubtype.0, lldpLocChassisId.0): how its neighbours name it. */
export const LLDP_LOC_CHASSIS = { subtype: `${LLDP}.3.1`, id: `${LLDP}.3.2` } as const;
export const LLDP_REM = {
  chassisIdSubtype: `${LLDP}.4.1.1.4`,
  chassisId: `${LLDP}.4.1.1.5`,
  portIdSubtype: `${LLDP}.4.1.1.6`,
  portId: `${LLDP}.4.1.1.7`,
  portDesc: `${LLDP}.4.1.1.8`,
  sysName: `${LLDP}.4.1.1.9`,
} as const;
/** lldpRemManAddrIfSubtype: the address itself is only in the index. */
export const LLDP_REM_MAN_ADDR = `${LLDP}.4.2.1.3`;
const CDP = '1.3.6.1.4.1.9.9.23.1.2.1.1';
export const CDP_CACHE = { address: `${CDP}.4`, deviceId: `${CDP}.6`, devicePort: `${CDP}.7` } as const;

/** Bounds on what one device may tell us about its neighbours. */
export const MAX_NEIGHBOURS_PER_DEVICE = 512;
export const MAX_NEIGHBOUR_TEXT_BYTES = 128;

export interface Neighbour {
  protocol: 'lldp' | 'cdp';
  /** Local port: LLDP lldpLocPortNum or CDP ifIndex. */
  localPort: number;
  /** Local interface as the device names it (lldpLocPortDesc/PortId, or ifName of the CDP ifIndex when known). */
  localPortName: string;
  chassisId: string;
  sysName: string;
  /** Remote interface name: portId when it is a name (subtypes 1, 5, 7), else portDesc. */
  portName: string;
  portDesc: string;
  managementAddresses: string[];
}

const cap = (s: string) => capUtf8(s.trim(), MAX_NEIGHBOUR_TEXT_BYTES);

/** ChassisId/PortId octets: MAC subtypes (4 chassis, 3 port) as colon hex, network addresses decoded, else text. */
function idText(value: Varbind['value'] | undefined, subtype: number | null, macSubtype: number, addrSubtype: number): string {
  if (Buffer.isBuffer(value)) {
    if (subtype === macSubtype && value.length === 6) return [...value].map((b) => b.toString(16).padStart(2, '0')).join(':');
    if (subtype === addrSubtype && value.length >= 5) return addressText(value[0], [...value.subarray(1)]) ?? value.toString('hex');
    if (!isPrintable(value)) return value.toString('hex');
  }
  return text(value);
}

function isPrintable(b: Buffer): boolean {
  const s = text(b);
  return !/[\u0000-\u001f\u007f]/.test(s);
}

/** IANA address family 1 (IPv4) / 2 (IPv6) octets as text. */
function addressText(family: number, bytes: number[]): string | null {
  if (family === 1 && bytes.length === 4) return bytes.join('.');
  if (family === 2 && bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
    return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
  }
  return null;
}

/** The device's own chassis id, decoded as its neighbours' lldpRemChassisId is, or null without LLDP. */
export function parseLocalChassisId(walk: Map<string, Varbind[]>): string | null {
  const value = column(walk, LLDP_LOC_CHASSIS.id).get('0')?.value;
  if (value == null) return null;
  const subtype = num(column(walk, LLDP_LOC_CHASSIS.subtype).get('0')?.value);
  return cap(idText(value, subtype === null ? null : Number(subtype), 4, 5)) || null;
}

/** Parses LLDP-MIB walks into neighbours (at most MAX_NEIGHBOURS_PER_DEVICE; `dropped` counts the rest). */
export function parseLldp(walk: Map<string, Varbind[]>): { neighbours: Neighbour[]; dropped: number } {
  const locId = column(walk, LLDP_LOC_PORT.id);
  const locDesc = column(walk, LLDP_LOC_PORT.desc);
  const cols = Object.fromEntries(Object.entries(LLDP_REM).map(([k, oid]) => [k, column(walk, oid)])) as Record<keyof typeof LLDP_REM, Map<string, Varbind>>;
  const rows = new Set<string>();
  for (const c of Object.values(cols)) for (const k of c.keys()) if (/^\d+\.\d+\.\d+$/.test(k)) rows.add(k);
  const mgmt = new Map<string, string[]>();
  for (const [index] of column(walk, LLDP_REM_MAN_ADDR)) {
    // TimeMark.LocalPortNum.RemIndex.AddrSubtype.AddrLen.addr…
    const parts = index.split('.').map(Number);
    if (parts.length < 6) continue;
    const addr = addressText(parts[3], parts.slice(5, 5 + parts[4]));
    if (!addr) continue;
    const key = parts.slice(0, 3).join('.');
    const list = mgmt.get(key) ?? [];
    if (list.length < 8) list.push(addr);
    mgmt.set(key, list);
  }
  const neighbours: Neighbour[] = [];
  let dropped = 0;
  for (const key of [...rows].sort()) {
    if (neighbours.length >= MAX_NEIGHBOURS_PER_DEVICE) {
      dropped++;
      continue;
    }
    const localPort = Number(key.split('.')[1]);
    const get = (c: keyof typeof LLDP_REM) => cols[c].get(key)?.value;
    const n = (c: keyof typeof LLDP_REM) => {
      const v = num(get(c));
      return v === null ? null : Number(v);
    };
    const portSubtype = n('portIdSubtype');
    const portId = idText(get('portId'), portSubtype, 3, 4);
    const portDesc = text(get('portDesc'));
    neighbours.push({
      protocol: 'lldp',
      localPort,
      localPortName: cap(text(locDesc.get(String(localPort))?.value) || text(locId.get(String(localPort))?.value)),
      chassisId: cap(idText(get('chassisId'), n('chassisIdSubtype'), 4, 5)),
      sysName: cap(text(get('sysName'))),
      // interfaceAlias(1), interfaceName(5) and local(7) name the port; MAC or address port ids do not.
      portName: cap(portSubtype === 1 || portSubtype === 5 || portSubtype === 7 ? portId : portDesc || portId),
      portDesc: cap(portDesc),
      managementAddresses: mgmt.get(key) ?? [],
    });
  }
  return { neighbours, dropped };
}

/** Parses cdpCacheTable (index ifIndex.deviceIndex); cdpCacheAddress is an IPv4 address on the devices that fill it. */
export function parseCdp(walk: Map<string, Varbind[]>, ifNames: Map<number, string>, room: number): { neighbours: Neighbour[]; dropped: number } {
  const ids = column(walk, CDP_CACHE.deviceId);
  const ports = column(walk, CDP_CACHE.devicePort);
  const addrs = column(walk, CDP_CACHE.address);
  const neighbours: Neighbour[] = [];
  let dropped = 0;
  for (const [key, vb] of ids) {
    if (neighbours.length >= room) {
      dropped++;
      continue;
    }
    const localPort = Number(key.split('.')[0]);
    const a = addrs.get(key)?.value;
    const id = cap(text(vb.value));
    neighbours.push({
      protocol: 'cdp',
      localPort,
      localPortName: cap(ifNames.get(localPort) ?? ''),
      chassisId: id,
      sysName: id,
      portName: cap(text(ports.get(key)?.value)),
      portDesc: '',
      managementAddresses: Buffer.isBuffer(a) && a.length === 4 ? [[...a].join('.')] : [],
    });
  }
  return { neighbours, dropped };
}
