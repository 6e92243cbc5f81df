import { describe, expect, it } from 'vitest';
import { compareOids, indexAfter, isUnder } from '../../src/snmp/oid';

const IF_DESCR = '1.3.6.1.2.1.2.2.1.2';

describe('OID helpers', () => {
  it('orders OIDs by sub-identifier, not as text', () => {
    expect(compareOids('1.3.6.1.2.1.2.2.1.2.9', '1.3.6.1.2.1.2.2.1.2.10')).toBeLessThan(0);
    expect(compareOids('1.3.6.1.2.1.2.2.1.2.10', '1.3.6.1.2.1.2.2.1.2.10')).toBe(0);
    expect(compareOids('1.3.6.1.2.1.2.2.1.2.10.1', '1.3.6.1.2.1.2.2.1.2.10')).toBeGreaterThan(0);
  });

  it('is under a root only past a dot: ifDescr.1 is, ifDescr1… and the root itself are not', () => {
    expect(isUnder(`${IF_DESCR}.1`, IF_DESCR)).toBe(true);
    expect(isUnder(`${IF_DESCR}0.1`, IF_DESCR)).toBe(false);
    expect(isUnder(IF_DESCR, IF_DESCR)).toBe(false);
    expect(isUnder('1.3.6.1.2.1.2.2.1.3.1', IF_DESCR)).toBe(false);
  });

  it('reads a one-number table index after the root, and refuses anything else', () => {
    expect(indexAfter(`${IF_DESCR}.1`, IF_DESCR)).toBe(1);
    expect(indexAfter(`${IF_DESCR}.4294967295`, IF_DESCR)).toBe(4294967295); // the largest sub-identifier (X.690)
    expect(indexAfter(`${IF_DESCR}.1.2`, IF_DESCR)).toBe(-1); // a two-part index is no ifIndex
    expect(indexAfter(IF_DESCR, IF_DESCR)).toBe(-1);
    expect(indexAfter(`${IF_DESCR}.`, IF_DESCR)).toBe(-1);
    expect(indexAfter(`${IF_DESCR}.12345678901`, IF_DESCR)).toBe(-1); // longer than any sub-identifier
  });
});
