import { compareOids } from '../../src/snmp/oid';
import { IF_TABLE, IFX_TABLE } from './interface-columns';

/** snmprec type tags (snmpsim): ASN.1 / SMI tag numbers. */
const T = { int: 2, str: 4, oid: 6, counter32: 65, gauge32: 66, timeticks: 67, counter64: 70 } as const;

/** Renders `oid|type|value` lines in OID order, as snmpsim requires. */
export function snmprec(rows: [string, number | string, string | number | bigint][]): string {
  return [...rows].sort((a, b) => compareOids(a[0], b[0])).map(([o, t, v]) => `${o}|${t}|${v}`).join('\n') + '\n';
}

/** Counter64 values no float can hold: 2^64 - 616, 2^64 - 1 and 2^53 + 1. */
export const HUGE = { inOctets: 18446744073709551000n, outOctets: 18446744073709551615n, inUcast: 9007199254740993n } as const;

/**
 * A small recorded "router" whose 64-bit counters sit just below 2^64: the exposition must carry
 * them digit for digit (Prometheus then stores the nearest float64).
 */
export function hugeCounterRecording(): string {
  const rows: [string, number | string, string | number | bigint][] = [
    ['1.3.6.1.2.1.1.1.0', T.str, 'yunet lab recording with 64-bit counters near 2^64'],
    ['1.3.6.1.2.1.1.2.0', T.oid, '1.3.6.1.4.1.8072.3.2.10'],
    ['1.3.6.1.2.1.1.3.0', T.timeticks, 4294967295],
    ['1.3.6.1.2.1.1.5.0', T.str, 'huge-counters'],
    ['1.3.6.1.2.1.1.6.0', T.str, 'Panyu lab'],
  ];
  const ifs = [
    { i: 1, name: 'xe-0/0/1', alias: 'uplink to 区政务云', hcIn: HUGE.inOctets, hcOut: HUGE.outOctets, ucast: HUGE.inUcast },
    { i: 2, name: 'xe-0/0/2', alias: '', hcIn: 0n, hcOut: 1n, ucast: 2n ** 63n },
  ];
  for (const f of ifs) {
    rows.push(
      [`${IF_TABLE}.1.${f.i}`, T.int, f.i],
      [`${IF_TABLE}.2.${f.i}`, T.str, f.name],
      [`${IF_TABLE}.3.${f.i}`, T.int, 6],
      [`${IF_TABLE}.4.${f.i}`, T.int, 9000],
      [`${IF_TABLE}.5.${f.i}`, T.gauge32, 4294967295],
      [`${IF_TABLE}.7.${f.i}`, T.int, 1],
      [`${IF_TABLE}.8.${f.i}`, T.int, f.i],
      [`${IF_TABLE}.9.${f.i}`, T.timeticks, 1234],
      [`${IF_TABLE}.13.${f.i}`, T.counter32, 4294967295],
      [`${IF_TABLE}.14.${f.i}`, T.counter32, 7],
      [`${IF_TABLE}.19.${f.i}`, T.counter32, 0],
      [`${IF_TABLE}.20.${f.i}`, T.counter32, 3],
      [`${IFX_TABLE}.1.${f.i}`, T.str, f.name],
      [`${IFX_TABLE}.6.${f.i}`, T.counter64, f.hcIn],
      [`${IFX_TABLE}.7.${f.i}`, T.counter64, f.ucast],
      [`${IFX_TABLE}.10.${f.i}`, T.counter64, f.hcOut],
      [`${IFX_TABLE}.15.${f.i}`, T.gauge32, 100000],
      // snmprec "4x" is hex: keeps the UTF-8 alias bytes exact.
      [`${IFX_TABLE}.18.${f.i}`, `${T.str}x`, Buffer.from(f.alias, 'utf8').toString('hex')],
    );
  }
  return snmprec(rows);
}
