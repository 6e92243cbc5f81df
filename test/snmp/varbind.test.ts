import snmp from 'net-snmp';
import { describe, expect, it } from 'vitest';
import { fromNetSnmp } from '../../src/snmp/varbind';

const counter64 = (hex: string) => fromNetSnmp({ oid: '1.3.6.1.2.1.31.1.1.1.6.1', type: snmp.ObjectType.Counter64, value: Buffer.from(hex, 'hex') } as snmp.Varbind).value;

describe('Counter64 values', () => {
  // The contents octets of a Counter64 as an agent sends them (X.690 integer encoding, unsigned: a leading zero
  // byte when the top bit is set); expected values are the same numbers written as bigint literals.
  it.each([
    ['', 0n],
    ['00', 0n],
    ['7f', 127n],
    ['0080', 128n],
    ['ffffffffffff', 0xffffffffffffn],
    ['01000000000000', 0x01000000000000n],
    ['7fffffffffffffff', 0x7fffffffffffffffn],
    ['008000000000000000', 0x8000000000000000n],
    ['00ffffffffffffffff', 0xffffffffffffffffn],
  ])('%s reads as %s', (hex, value) => {
    expect(counter64(hex)).toBe(value);
  });
});
