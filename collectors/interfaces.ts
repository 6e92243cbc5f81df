import type { Collector, InterfaceRow, MetricDef, Sample } from './types';
import { column, num, text } from './decode';
import { indexAfter } from '../src/snmp/oid';

const IF = '1.3.6.1.2.1.2.2.1';
const IFX = '1.3.6.1.2.1.31.1.1.1';

/** Label columns: every interface series carries ifIndex, ifName, ifDescr, ifAlias (snmp_exporter if_mib style). */
const labels = { ifDescr: `${IF}.2`, ifName: `${IFX}.1`, ifAlias: `${IFX}.18` } as const;

type Column = { oid: string; type: MetricDef['type']; help: string };

/** Numeric columns exposed under their MIB names (ifTable, then ifXTable). */
const columns: Record<string, Column> = {
  ifType: { oid: `${IF}.3`, type: 'gauge', help: 'The type of interface. - 1.3.6.1.2.1.2.2.1.3' },
  ifMtu: { oid: `${IF}.4`, type: 'gauge', help: 'The size of the largest packet which can be sent/received on the interface, in octets. - 1.3.6.1.2.1.2.2.1.4' },
  ifSpeed: { oid: `${IF}.5`, type: 'gauge', help: "An estimate of the interface's current bandwidth in bits per second. - 1.3.6.1.2.1.2.2.1.5" },
  ifAdminStatus: { oid: `${IF}.7`, type: 'gauge', help: 'The desired state of the interface (1 up, 2 down, 3 testing). - 1.3.6.1.2.1.2.2.1.7' },
  ifOperStatus: { oid: `${IF}.8`, type: 'gauge', help: 'The current operational state of the interface (1 up, 2 down, 3 testing, 4 unknown, 5 dormant, 6 notPresent, 7 lowerLayerDown). - 1.3.6.1.2.1.2.2.1.8' },
  ifLastChange: { oid: `${IF}.9`, type: 'gauge', help: 'The value of sysUpTime at the time the interface entered its current operational state. - 1.3.6.1.2.1.2.2.1.9' },
  ifInDiscards: { oid: `${IF}.13`, type: 'counter', help: 'The number of inbound packets which were chosen to be discarded even though no errors had been detected. - 1.3.6.1.2.1.2.2.1.13' },
  ifInErrors: { oid: `${IF}.14`, type: 'counter', help: 'The number of inbound packets that contained errors. - 1.3.6.1.2.1.2.2.1.14' },
  ifOutDiscards: { oid: `${IF}.19`, type: 'counter', help: 'The number of outbound packets which were chosen to be discarded even though no errors had been detected. - 1.3.6.1.2.1.2.2.1.19' },
  ifOutErrors: { oid: `${IF}.20`, type: 'counter', help: 'The number of outbound packets that could not be transmitted because of errors. - 1.3.6.1.2.1.2.2.1.20' },
  ifHCInOctets: { oid: `${IFX}.6`, type: 'counter', help: 'The total number of octets received on the interface, including framing characters (64-bit). - 1.3.6.1.2.1.31.1.1.1.6' },
  ifHCInUcastPkts: { oid: `${IFX}.7`, type: 'counter', help: 'The number of unicast packets delivered to a higher layer (64-bit). - 1.3.6.1.2.1.31.1.1.1.7' },
  ifHCInMulticastPkts: { oid: `${IFX}.8`, type: 'counter', help: 'The number of multicast packets delivered to a higher layer (64-bit). - 1.3.6.1.2.1.31.1.1.1.8' },
  ifHCInBroadcastPkts: { oid: `${IFX}.9`, type: 'counter', help: 'The number of broadcast packets delivered to a higher layer (64-bit). - 1.3.6.1.2.1.31.1.1.1.9' },
  ifHCOutOctets: { oid: `${IFX}.10`, type: 'counter', help: 'The total number of octets transmitted out of the interface, including framing characters (64-bit). - 1.3.6.1.2.1.31.1.1.1.10' },
  ifHCOutUcastPkts: { oid: `${IFX}.11`, type: 'counter', help: 'The total number of unicast packets requested to be transmitted (64-bit). - 1.3.6.1.2.1.31.1.1.1.11' },
  ifHighSpeed: { oid: `${IFX}.15`, type: 'gauge', help: "An estimate of the interface's current bandwidth in units of 1,000,000 bits per second. - 1.3.6.1.2.1.31.1.1.1.15" },
  ifCounterDiscontinuityTime: { oid: `${IFX}.19`, type: 'gauge', help: 'The value of sysUpTime on the most recent occasion at which any counter of this interface suffered a discontinuity. - 1.3.6.1.2.1.31.1.1.1.19' },
};

/** 32-bit octet counters, walked only for SNMPv1 agents, which cannot carry Counter64. */
const v1Columns: Record<string, Column> = {
  ifInOctets: { oid: `${IF}.10`, type: 'counter', help: 'The total number of octets received on the interface (32-bit). - 1.3.6.1.2.1.2.2.1.10' },
  ifOutOctets: { oid: `${IF}.16`, type: 'counter', help: 'The total number of octets transmitted out of the interface (32-bit). - 1.3.6.1.2.1.2.2.1.16' },
};

const allColumns = Object.entries({ ...columns, ...v1Columns });
const columnAt = new Map(allColumns.map(([metric], i) => [metric, i]));

export const interfaces: Collector = {
  name: 'interfaces',
  appliesTo: () => true,
  walk: (facts) => [
    ...Object.values(labels),
    ...Object.values(columns).map((c) => c.oid),
    ...(facts.snmpVersion === '1' ? Object.values(v1Columns).map((c) => c.oid) : []),
  ],
  metrics: allColumns.map(([name, c]) => ({ name, help: c.help, type: c.type })),
  parse({ walk }) {
    const descr = column(walk, labels.ifDescr);
    const name = column(walk, labels.ifName);
    const alias = column(walk, labels.ifAlias);
    // Every numeric column into one row per ifIndex (one map, not one per column). Interfaces are the union of
    // indexes seen in any column: agents omit columns for some rows. An index that is not one number is no ifIndex.
    const values = new Map<number, (number | bigint | null)[]>();
    const rowOf = (ifIndex: number) => {
      let row = values.get(ifIndex);
      if (!row) values.set(ifIndex, (row = new Array<number | bigint | null>(allColumns.length).fill(null)));
      return row;
    };
    for (const k of [...descr.keys(), ...name.keys()]) if (/^\d+$/.test(k)) rowOf(Number(k));
    for (let i = 0; i < allColumns.length; i++) {
      const root = allColumns[i][1].oid;
      for (const vb of walk.get(root) ?? []) {
        const ifIndex = indexAfter(vb.oid, root);
        if (vb.value !== null && ifIndex >= 0) rowOf(ifIndex)[i] = num(vb.value);
      }
    }
    const ordered = [...values.keys()].sort((a, b) => a - b);
    const samples: Sample[] = [];
    const rows: InterfaceRow[] = [];
    for (const n of ordered) {
      const ifIndex = String(n);
      const ifLabels = {
        ifIndex,
        ifName: text(name.get(ifIndex)?.value),
        ifDescr: text(descr.get(ifIndex)?.value),
        ifAlias: text(alias.get(ifIndex)?.value),
      };
      const row = values.get(n)!;
      for (let i = 0; i < allColumns.length; i++) if (row[i] !== null) samples.push({ name: allColumns[i][0], labels: ifLabels, value: row[i]! });
      rows.push(interfaceRow(n, ifLabels, (metric) => row[columnAt.get(metric)!]));
    }
    return { samples, evidence: { interfaces: rows } };
  },
};

function interfaceRow(ifIndex: number, l: { ifName: string; ifDescr: string; ifAlias: string }, v: (metric: string) => number | bigint | null): InterfaceRow {
  const n = (k: string) => {
    const x = v(k);
    return x === null ? null : Number(x);
  };
  const big = (k: string) => {
    const x = v(k);
    return x === null ? null : BigInt(x);
  };
  const high = n('ifHighSpeed');
  return {
    ifIndex,
    name: l.ifName || l.ifDescr || `ifIndex ${ifIndex}`,
    ifDescr: l.ifDescr,
    ifAlias: l.ifAlias,
    ifType: n('ifType'),
    ifAdminStatus: n('ifAdminStatus'),
    ifOperStatus: n('ifOperStatus'),
    // ifHighSpeed is 0 on interfaces slower than 1 Mbit/s; ifSpeed says it then.
    speed: high ? high * 1_000_000 : n('ifSpeed'),
    inOctets: big('ifHCInOctets') ?? big('ifInOctets'),
    outOctets: big('ifHCOutOctets') ?? big('ifOutOctets'),
    inErrors: big('ifInErrors'),
    outErrors: big('ifOutErrors'),
  };
}
