import type { DemoDevice, DemoInterface } from '../model';
import { counter64, counter64Buffer, hashUnit, swingingIntegral } from '../signals';
import { addressBytes, linkLocalFromMac, parseCidr } from './addresses';
import { interfaceMac, interfaceTraffic } from './interfaces';
import { bytesIndex, T, table, type Live, type MibSpec, type TableSpec } from './spec';

const IP = '1.3.6.1.2.1.4';
const IPV6_MIB = '1.3.6.1.2.1.55.1';

interface AddressRow {
  i: DemoInterface;
  /** InetAddressType: 1 ipv4, 2 ipv6, 4 ipv6z. */
  type: 1 | 2 | 4;
  bytes: Buffer;
  prefixLength: number;
  network: Buffer;
  linkLocal: boolean;
}

function hasIpv6(i: DemoInterface): boolean {
  return (i.ipv6?.length ?? 0) > 0 || i.ipv6Enabled === true;
}

/** Every address the device holds: configured IPv4 and IPv6, plus the link-local of each IPv6-enabled interface. */
function addresses(d: DemoDevice): AddressRow[] {
  const rows: AddressRow[] = [];
  for (const i of d.interfaces) {
    for (const cidr of [...(i.ipv4 ?? []), ...(i.ipv6 ?? [])]) {
      const a = parseCidr(cidr);
      rows.push({ i, type: a.family === 4 ? 1 : 2, bytes: a.bytes, prefixLength: a.prefixLength, network: a.network, linkLocal: false });
    }
    if (hasIpv6(i) && i.type !== 24) {
      const ll = linkLocalFromMac(interfaceMac(d.name, i.ifIndex));
      rows.push({ i, type: 4, bytes: ll, prefixLength: 64, network: Buffer.concat([ll.subarray(0, 8), Buffer.alloc(8)]), linkLocal: true });
    }
  }
  return rows;
}

/** InetAddress in an index: length then bytes; ipv6z appends the 4-byte zone (the ifIndex). */
function inetIndex(a: AddressRow): string {
  const bytes = a.type === 4 ? Buffer.concat([a.bytes, zone(a.i.ifIndex)]) : a.bytes;
  return `${a.type}.${bytes.length}.${bytesIndex(bytes)}`;
}

function zone(ifIndex: number): Buffer {
  const z = Buffer.alloc(4);
  z.writeUInt32BE(ifIndex);
  return z;
}

/** ipAddressTable (RFC 4293). Devices that keep IPv6 in IPV6-MIB list only their IPv4 rows here. */
function ipAddressTable(d: DemoDevice, rows: AddressRow[]): TableSpec {
  const listed = d.ip.ipv6Mib === 'ipv6-mib' ? rows.filter((a) => a.type === 1) : rows;
  return table(
    `${IP}.34.1`,
    { 3: T.Integer, 4: T.Integer, 5: T.OID, 6: T.Integer, 7: T.Integer, 8: T.TimeTicks, 9: T.TimeTicks, 10: T.Integer, 11: T.Integer },
    listed.map((a) => ({
      index: inetIndex(a),
      cells: {
        3: a.i.ifIndex,
        4: 1,
        // Row pointer into ipAddressPrefixTable; its last sub-identifier is the prefix length.
        5: `${IP}.32.1.5.${a.i.ifIndex}.${a.type === 1 ? 1 : 2}.${a.network.length}.${bytesIndex(a.network)}.${a.prefixLength}`,
        6: a.linkLocal ? 5 : 2,
        7: 1,
        8: 0,
        9: 0,
        10: 1,
        11: a.linkLocal ? 2 : 3,
      },
    })),
  );
}

/** ipSystemStatsTable HC octets per IP version: the device's traffic split by its IPv6 share. */
function ipSystemStats(d: DemoDevice): TableSpec {
  const traffic = d.interfaces.map((i) => interfaceTraffic(d.name, i));
  const total = traffic.reduce((sum, t) => sum + t.meanOctetsPerSecond, 0) / 2;
  const h = hashUnit(`${d.name}/ip`);
  const stats = (share: number, key: string) => {
    // Traffic before the agent started, in the same proportion as now.
    const base = BigInt(Math.floor(total * share * (1 + hashUnit(`${d.name}/${key}`)) * 86400 * 30));
    const octets = (s: number, phase: number) => swingingIntegral(total * share, s, 420, h * 6 + phase);
    const c = (f: (s: number) => bigint): Live => (s: number) => counter64Buffer(f(s));
    return {
      4: c((s) => counter64(base / 700n, octets(s, 0) / 700)),
      6: c((s) => counter64(base, octets(s, 0))),
      31: c((s) => counter64(base / 650n, octets(s, 1) / 650)),
      33: c((s) => counter64(base + base / 3n, octets(s, 1))),
      46: 0,
      47: 30000,
    };
  };
  return table(
    `${IP}.31.1.1`,
    { 4: T.Counter64, 6: T.Counter64, 31: T.Counter64, 33: T.Counter64, 46: T.TimeTicks, 47: T.Gauge },
    [
      { index: 1, cells: stats(1 - d.ip.ipv6Share, 'v4') },
      { index: 2, cells: stats(d.ip.ipv6Share, 'v6') },
    ],
  );
}

/** inetCidrRouteTable: dest type.len.bytes, prefix length, policy OID (0.0), next-hop type.len.bytes. */
function routeTable(d: DemoDevice, families: (4 | 6)[]): TableSpec {
  const routes = d.ip.routes.map((r) => ({ r, dest: parseCidr(r.dest), nextHop: addressBytes(r.nextHop) }));
  return table(
    `${IP}.24.7.1`,
    { 7: T.Integer, 8: T.Integer, 9: T.Integer, 10: T.Gauge, 12: T.Integer, 17: T.Integer },
    routes
      .filter(({ dest }) => families.includes(dest.family))
      .map(({ r, dest, nextHop }) => {
        const type = dest.family === 4 ? 1 : 2;
        const learned = Math.floor(hashUnit(`${d.name}/${r.dest}`) * 86400);
        return {
          index: `${type}.${dest.network.length}.${bytesIndex(dest.network)}.${dest.prefixLength}.2.0.0.${type}.${nextHop.length}.${bytesIndex(nextHop)}`,
          cells: { 7: r.ifIndex, 8: r.proto === 2 ? 3 : 4, 9: r.proto, 10: (s: number) => Math.floor(learned + s), 12: r.proto === 2 ? 0 : 10, 17: 1 },
        };
      }),
  );
}

/** IPV6-MIB (RFC 2465): where Huawei NE/CE report IPv6 addresses. Index ifIndex + 16 bytes, no length byte. */
function ipv6Mib(d: DemoDevice, rows: AddressRow[]): MibSpec {
  const v6 = rows.filter((a) => a.type !== 1);
  return {
    scalars: [
      { oid: `${IPV6_MIB}.1`, type: T.Integer, value: d.ip.ipv6Forwarding ? 1 : 2 },
      { oid: `${IPV6_MIB}.9`, type: T.Gauge, value: d.ip.routes.filter((r) => r.dest.includes(':')).length },
    ],
    tables: [
      table(
        `${IPV6_MIB}.8.1`,
        { 2: T.Integer, 3: T.Integer, 4: T.Integer, 5: T.Integer },
        v6.map((a) => ({ index: `${a.i.ifIndex}.${bytesIndex(a.bytes)}`, cells: { 2: a.prefixLength, 3: a.linkLocal ? 1 : 3, 4: 2, 5: 1 } })),
      ),
    ],
  };
}

/** IP-MIB dual-stack evidence (and IPV6-MIB for devices that use it) built from the device's interfaces. */
export function ipMib(d: DemoDevice): MibSpec {
  const rows = addresses(d);
  const l3 = d.interfaces.filter((i) => (i.ipv4?.length ?? 0) > 0 || hasIpv6(i));
  const v4 = l3.filter((i) => (i.ipv4?.length ?? 0) > 0);
  const router = d.role !== 'server';
  const ipMibSpec: MibSpec = {
    scalars: [
      { oid: `${IP}.1`, type: T.Integer, value: router ? 1 : 2 },
      { oid: `${IP}.24.6`, type: T.Gauge, value: d.ip.routes.length },
    ],
    tables: [
      table(`${IP}.28.1`, { 3: T.Integer }, v4.map((i) => ({ index: i.ifIndex, cells: { 3: 1 } }))),
      ipSystemStats(d),
      ipAddressTable(d, rows),
    ],
  };
  if (d.ip.ipv6Mib === 'ipv6-mib') {
    ipMibSpec.tables.push(routeTable(d, [4]));
    const v6 = ipv6Mib(d, rows);
    return { scalars: [...ipMibSpec.scalars, ...v6.scalars], tables: [...ipMibSpec.tables, ...v6.tables] };
  }
  ipMibSpec.scalars.push({ oid: `${IP}.25`, type: T.Integer, value: d.ip.ipv6Forwarding ? 1 : 2 });
  ipMibSpec.tables.push(
    table(
      `${IP}.30.1`,
      { 3: T.OctetString, 5: T.Integer, 8: T.Integer },
      l3.map((i) => ({
        index: i.ifIndex,
        cells: {
          3: hasIpv6(i) ? linkLocalFromMac(interfaceMac(d.name, i.ifIndex)).subarray(8) : Buffer.alloc(0),
          5: hasIpv6(i) ? 1 : 2,
          8: hasIpv6(i) && d.ip.ipv6Forwarding ? 1 : 2,
        },
      })),
    ),
    routeTable(d, [4, 6]),
  );
  return ipMibSpec;
}
