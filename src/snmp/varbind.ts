import snmp from 'net-snmp';
import type { Varbind } from './types';

const { ObjectType } = snmp;

/** Converts a net-snmp varbind; Counter64 (a 1-9 byte big-endian buffer) becomes an exact bigint. */
export function fromNetSnmp(vb: snmp.Varbind): Varbind {
  const type = vb.type as number;
  const raw = vb.value as unknown;
  if (type === ObjectType.Counter64) {
    const buf = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
    return { oid: vb.oid, type, value: buf.length ? BigInt('0x' + buf.toString('hex')) : 0n };
  }
  if (type === ObjectType.NoSuchObject || type === ObjectType.NoSuchInstance || type === ObjectType.EndOfMibView || type === ObjectType.Null)
    return { oid: vb.oid, type, value: null };
  return { oid: vb.oid, type, value: raw as Varbind['value'] };
}

export function isAbsence(vb: Varbind): boolean {
  return vb.value === null;
}

export function isEndOfMibView(vb: Varbind): boolean {
  return vb.type === ObjectType.EndOfMibView;
}
