import snmp from 'net-snmp';
import type { Varbind } from './types';

const { ObjectType } = snmp;

/**
 * Converts a net-snmp varbind in place (one object per varbind, not two): Counter64 (a 1-9 byte
 * big-endian buffer) becomes an exact bigint, absences become null, and octet strings are copied,
 * because net-snmp hands out slices that would keep each whole response datagram alive for as long
 * as a collector keeps the value.
 */
export function fromNetSnmp(vb: snmp.Varbind): Varbind {
  const out = vb as unknown as Varbind;
  const type = vb.type as number;
  const raw = vb.value as unknown;
  if (type === ObjectType.Counter64) {
    const buf = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
    out.value = buf.length ? BigInt('0x' + buf.toString('hex')) : 0n;
  } else if (type === ObjectType.NoSuchObject || type === ObjectType.NoSuchInstance || type === ObjectType.EndOfMibView || type === ObjectType.Null) {
    out.value = null;
  } else if (Buffer.isBuffer(raw)) {
    out.value = Buffer.from(raw);
  }
  return out;
}

export function isEndOfMibView(vb: Varbind): boolean {
  return vb.type === ObjectType.EndOfMibView;
}
