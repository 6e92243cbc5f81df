import { describe, expect, it } from 'vitest';
import { decodeCidrRouteIndex, decodeIpAddressIndex, decodeIpv6AddrIndex, decodeIpv6RouteIndex, prefixLengthFromPointer } from '../../collectors/ip-index';

const V6 = '32.1.13.184.0.16.0.0.0.0.0.0.0.0.0.1'; // 2001:db8:10::1

describe('ipAddressTable index', () => {
  it('decodes an IPv4 row with its length byte', () => {
    expect(decodeIpAddressIndex('1.4.198.18.1.2')).toMatchObject({ family: 'ipv4', address: '198.18.1.2', zone: null });
  });
  it('decodes an IPv4 row whose agent omitted the length byte', () => {
    expect(decodeIpAddressIndex('1.198.18.1.2')).toMatchObject({ family: 'ipv4', address: '198.18.1.2' });
  });
  it('decodes an IPv6 row (compressed, lower case)', () => {
    expect(decodeIpAddressIndex(`2.16.${V6}`)).toMatchObject({ family: 'ipv6', address: '2001:db8:10::1', zone: null });
  });
  it('decodes an IPv6 row without the length byte', () => {
    expect(decodeIpAddressIndex(`2.${V6}`)?.address).toBe('2001:db8:10::1');
  });
  it('decodes an ipv6z row: 16 address bytes and a 4-byte zone', () => {
    const a = decodeIpAddressIndex('4.20.254.128.0.0.0.0.0.0.2.80.86.255.254.171.205.239.0.0.0.3');
    expect(a).toEqual({ family: 'ipv6', address: 'fe80::250:56ff:feab:cdef%3', bare: 'fe80::250:56ff:feab:cdef', zone: 3 });
  });
  it('rejects malformed indexes instead of guessing', () => {
    expect(decodeIpAddressIndex('1.4.198.18')).toBeNull();
    expect(decodeIpAddressIndex('1.4.198.18.1.2.3')).toBeNull();
    expect(decodeIpAddressIndex('2.16.1.2.3')).toBeNull();
    expect(decodeIpAddressIndex('1.4.300.1.1.1')).toBeNull();
    expect(decodeIpAddressIndex('9.4.1.2.3.4')).toBeNull();
    expect(decodeIpAddressIndex('')).toBeNull();
  });
});

describe('ipAddressPrefix row pointer', () => {
  it('reads the prefix length from an ipAddressPrefixTable pointer', () => {
    expect(prefixLengthFromPointer('1.3.6.1.2.1.4.32.1.5.2.1.4.198.18.201.0.30', 'ipv4')).toBe(30);
    expect(prefixLengthFromPointer('.1.3.6.1.2.1.4.32.1.5.2.2.16.32.1.13.184.2.1.0.0.0.0.0.0.0.0.0.0.64', 'ipv6')).toBe(64);
  });
  it('gives null for 0.0 and for the NX-OS pointer at the address row itself', () => {
    expect(prefixLengthFromPointer('0.0', 'ipv6')).toBeNull();
    expect(prefixLengthFromPointer(`1.3.6.1.2.1.4.34.1.3.2.16.${V6}`, 'ipv6')).toBeNull();
    expect(prefixLengthFromPointer('1.3.6.1.2.1.4.34.1.3.1.4.198.18.1.24', 'ipv4')).toBeNull();
  });
  it('never returns a length longer than the family allows', () => {
    expect(prefixLengthFromPointer('1.3.6.1.4.1.9.99.200', 'ipv4')).toBeNull();
  });
});

describe('inetCidrRouteTable index', () => {
  it('decodes an IPv6 route with net-snmp\'s 3-sub-identifier policy', () => {
    const r = decodeCidrRouteIndex('2.16.32.1.13.184.255.0.0.2.0.0.0.0.0.0.0.0.64.3.0.0.5.2.16.32.1.13.184.2.1.0.0.0.0.0.0.0.0.0.1');
    expect(r).toMatchObject({ destination: { address: '2001:db8:ff00:2::' }, prefixLength: 64, nextHop: { address: '2001:db8:201::1' } });
  });
  it('decodes the default route with the usual 0.0 policy', () => {
    const r = decodeCidrRouteIndex('2.16.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.2.16.32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.1');
    expect(r).toMatchObject({ destination: { address: '::' }, prefixLength: 0, nextHop: { address: '2001:db8::1' } });
  });
  it('rejects a prefix length beyond 128', () => {
    expect(decodeCidrRouteIndex(`2.16.${V6}.129.2.0.0.0.0`)).toBeNull();
  });
});

describe('IPV6-MIB indexes', () => {
  it('decodes ipv6AddrTable: ifIndex and 16 bytes without a length', () => {
    expect(decodeIpv6AddrIndex(`7.${V6}`)).toMatchObject({ ifIndex: 7, addr: { address: '2001:db8:10::1' } });
    expect(decodeIpv6AddrIndex(`7.16.${V6}`)).toBeNull();
  });
  it('decodes ipv6RouteTable: destination, prefix length, route index', () => {
    expect(decodeIpv6RouteIndex('32.1.13.184.255.0.0.1.0.0.0.0.0.0.0.0.64.1')).toMatchObject({ destination: { address: '2001:db8:ff00:1::' }, prefixLength: 64 });
  });
});
