import snmp from 'net-snmp';

/** Values the net-snmp agent serves: Counter64 as an 8-byte Buffer, OIDs and IpAddress as dotted strings. */
export type AgentValue = number | string | Buffer;

/** What a simulated object returns at `seconds` since the agent started. */
export type Live = AgentValue | ((seconds: number) => AgentValue);

export const T = snmp.ObjectType;
export type ObjectType = snmp.ObjectType;

/** A scalar object; `oid` without the trailing .0. */
export interface ScalarSpec {
  oid: string;
  type: ObjectType;
  value: Live;
}

/**
 * A table: the entry OID, its columns, and rows keyed by the dotted index that follows the column number
 * (e.g. `1.4.198.18.0.1` in ipAddressTable), so any index encoding can be served as the MIB defines it.
 */
export interface TableSpec {
  oid: string;
  columns: { number: number; type: ObjectType }[];
  /** One value per column, in column order. */
  rows: { index: string; values: Live[] }[];
}

export interface MibSpec {
  scalars: ScalarSpec[];
  tables: TableSpec[];
}

export function mergeSpecs(...parts: MibSpec[]): MibSpec {
  return { scalars: parts.flatMap((p) => p.scalars), tables: parts.flatMap((p) => p.tables) };
}

/** Builds a table spec from column numbers and rows given as {column: value}. */
export function table(oid: string, columns: Record<number, ObjectType>, rows: { index: string | number; cells: Record<number, Live> }[]): TableSpec {
  const numbers = Object.keys(columns).map(Number).sort((a, b) => a - b);
  return {
    oid,
    columns: numbers.map((n) => ({ number: n, type: columns[n] })),
    rows: rows.map((r) => ({
      index: String(r.index),
      values: numbers.map((n) => {
        const v = r.cells[n];
        if (v === undefined) throw new Error(`demo table ${oid}: row ${r.index} has no value for column ${n}`);
        return v;
      }),
    })),
  };
}

/** Index bytes of an address as OID sub-identifiers. */
export function bytesIndex(bytes: Buffer | number[]): string {
  return [...bytes].join('.');
}
