/**
 * The ifTable / ifXTable columns yunet exposes, by metric name, written out independently of the
 * collector (from the MIB texts) so lab tests also check the collector's OIDs.
 * `counter` columns move on a live agent; the others are static while nothing changes the links.
 */
export const IF_TABLE = '1.3.6.1.2.1.2.2.1';
export const IFX_TABLE = '1.3.6.1.2.1.31.1.1.1';

export const LABEL_COLUMNS = { ifDescr: `${IF_TABLE}.2`, ifName: `${IFX_TABLE}.1`, ifAlias: `${IFX_TABLE}.18` } as const;

export const EXPOSED_COLUMNS: Record<string, { oid: string; counter: boolean }> = {
  ifType: { oid: `${IF_TABLE}.3`, counter: false },
  ifMtu: { oid: `${IF_TABLE}.4`, counter: false },
  ifSpeed: { oid: `${IF_TABLE}.5`, counter: false },
  ifAdminStatus: { oid: `${IF_TABLE}.7`, counter: false },
  ifOperStatus: { oid: `${IF_TABLE}.8`, counter: false },
  ifLastChange: { oid: `${IF_TABLE}.9`, counter: false },
  ifInDiscards: { oid: `${IF_TABLE}.13`, counter: true },
  ifInErrors: { oid: `${IF_TABLE}.14`, counter: true },
  ifOutDiscards: { oid: `${IF_TABLE}.19`, counter: true },
  ifOutErrors: { oid: `${IF_TABLE}.20`, counter: true },
  ifHCInOctets: { oid: `${IFX_TABLE}.6`, counter: true },
  ifHCInUcastPkts: { oid: `${IFX_TABLE}.7`, counter: true },
  ifHCInMulticastPkts: { oid: `${IFX_TABLE}.8`, counter: true },
  ifHCInBroadcastPkts: { oid: `${IFX_TABLE}.9`, counter: true },
  ifHCOutOctets: { oid: `${IFX_TABLE}.10`, counter: true },
  ifHCOutUcastPkts: { oid: `${IFX_TABLE}.11`, counter: true },
  ifHighSpeed: { oid: `${IFX_TABLE}.15`, counter: false },
  ifCounterDiscontinuityTime: { oid: `${IFX_TABLE}.19`, counter: false },
};
