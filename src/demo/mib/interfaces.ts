import type { DemoDevice, DemoInterface } from '../model';
import { counter32, counter64, counter64Buffer, flapState, hashUnit, swingingIntegral, timeTicks } from '../signals';
import { T, table, type Live, type MibSpec } from './spec';

const IF = '1.3.6.1.2.1.2.2.1';
const IFX = '1.3.6.1.2.1.31.1.1.1';

/** Octets per second on the wire for a utilisation share of the link. */
function bytesPerSecond(i: DemoInterface, share: number): number {
  return (i.speedMbps * 1e6 * share) / 8;
}

/** Traffic of one interface over time; counters only advance while the link is up. */
export function interfaceTraffic(device: string, i: DemoInterface) {
  const key = `${device}/${i.name}`;
  const h = hashUnit(key);
  const period = 300 + Math.floor(h * 600);
  const tr = i.shutdown ? undefined : i.traffic;
  const [inSize, outSize] = tr?.packetSize ?? [820, 610];
  // A device that has carried traffic before the agent started: counters do not begin at zero.
  const inBase = tr?.inOctetsBase ?? BigInt(Math.floor(h * 4e13));
  const outBase = BigInt(Math.floor(hashUnit(`${key}/out`) * 4e13));
  const upSeconds = (s: number) => (i.shutdown ? 0 : flapState(s, i.flap).upSeconds);
  const inOctets = (s: number) => swingingIntegral(bytesPerSecond(i, tr?.in ?? 0), upSeconds(s), period, h * 6.28);
  const outOctets = (s: number) => swingingIntegral(bytesPerSecond(i, tr?.out ?? 0), upSeconds(s), period, h * 6.28 + 1);
  return {
    inOctets: (s: number) => counter64(inBase, inOctets(s)),
    outOctets: (s: number) => counter64(outBase, outOctets(s)),
    inPkts: (s: number) => counter64(inBase / BigInt(inSize), inOctets(s) / inSize),
    outPkts: (s: number) => counter64(outBase / BigInt(outSize), outOctets(s) / outSize),
    /** Multicast is routing protocol chatter: a few packets a second on any up link. */
    inMulticast: (s: number) => counter64(BigInt(Math.floor(h * 1e7)), upSeconds(s) * 3.2),
    inBroadcast: (s: number) => counter64(BigInt(Math.floor(h * 1e6)), upSeconds(s) * 0.4),
    errors: (s: number) => counter32(Math.floor(h * 50), (upSeconds(s) * (tr?.errorsPerHour ?? 0)) / 3600),
    discards: (s: number) => counter32(Math.floor(h * 200), (upSeconds(s) * (tr?.discardsPerHour ?? 0)) / 3600),
    /** Sum of both directions per second, used for the IP-level statistics. */
    meanOctetsPerSecond: i.shutdown ? 0 : bytesPerSecond(i, (tr?.in ?? 0) + (tr?.out ?? 0)),
  };
}

/** A stable MAC per interface (an OUI-looking prefix plus device and ifIndex). */
export function interfaceMac(device: string, ifIndex: number): Buffer {
  return Buffer.from([0x00, 0xe0, 0xfc, Math.floor(hashUnit(device) * 255), (ifIndex >> 8) & 0xff, ifIndex & 0xff]);
}

/** IF-MIB ifTable and ifXTable from the interface list. */
export function interfacesMib(d: DemoDevice): MibSpec {
  const operStatus = (i: DemoInterface): Live => (i.shutdown ? 2 : (s: number) => (flapState(s, i.flap).up ? 1 : 2));
  const lastChange = (i: DemoInterface): Live => (i.flap ? (s: number) => timeTicks(flapState(s, i.flap).since) : 0);
  const c64 = (f: (s: number) => bigint): Live => (s: number) => counter64Buffer(f(s));
  const rows = d.interfaces.map((i) => ({ i, tr: interfaceTraffic(d.name, i) }));
  const ifTable = table(
    IF,
    { 1: T.Integer, 2: T.OctetString, 3: T.Integer, 4: T.Integer, 5: T.Gauge, 6: T.OctetString, 7: T.Integer, 8: T.Integer, 9: T.TimeTicks, 10: T.Counter, 13: T.Counter, 14: T.Counter, 16: T.Counter, 19: T.Counter, 20: T.Counter },
    rows.map(({ i, tr }) => ({
      index: i.ifIndex,
      cells: {
        1: i.ifIndex,
        2: i.descr ?? i.name,
        3: i.type ?? 6,
        4: i.mtu ?? 1500,
        5: Math.min(i.speedMbps * 1e6, 4294967295),
        6: i.type === 24 ? '' : interfaceMac(d.name, i.ifIndex),
        7: i.shutdown ? 2 : 1,
        8: operStatus(i),
        9: lastChange(i),
        // 32-bit octet counters wrap within seconds on fast links, which is why the HC columns exist.
        10: (s: number) => Number(tr.inOctets(s) % 4294967296n),
        13: tr.discards,
        14: tr.errors,
        16: (s: number) => Number(tr.outOctets(s) % 4294967296n),
        19: (s: number) => Math.floor(tr.discards(s) / 3),
        20: (s: number) => Math.floor(tr.errors(s) / 5),
      },
    })),
  );
  const ifXTable = table(
    IFX,
    { 1: T.OctetString, 6: T.Counter64, 7: T.Counter64, 8: T.Counter64, 9: T.Counter64, 10: T.Counter64, 11: T.Counter64, 15: T.Gauge, 18: T.OctetString, 19: T.TimeTicks },
    rows.map(({ i, tr }) => ({
      index: i.ifIndex,
      cells: {
        1: i.name,
        6: c64(tr.inOctets),
        7: c64(tr.inPkts),
        8: c64(tr.inMulticast),
        9: c64(tr.inBroadcast),
        10: c64(tr.outOctets),
        11: c64(tr.outPkts),
        15: i.speedMbps,
        18: i.alias,
        19: 0,
      },
    })),
  );
  return {
    scalars: [
      { oid: '1.3.6.1.2.1.2.1', type: T.Integer, value: d.interfaces.length },
      { oid: '1.3.6.1.2.1.31.1.5', type: T.TimeTicks, value: (s: number) => timeTicks(Math.max(0, ...d.interfaces.map((i) => flapState(s, i.flap).since))) },
    ],
    tables: [ifTable, ifXTable],
  };
}
