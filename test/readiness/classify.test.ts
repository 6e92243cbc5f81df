import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/net/address-scope';

describe('address classification', () => {
  it.each([
    ['::1', 'loopback'],
    ['fe80::1%3', 'link-local'],
    ['fd12:3456::1', 'ula'],
    ['240e:100::1', 'global'],
    ['2001:db8:10::1', 'documentation'],
    ['::ffff:198.18.1.1', 'ipv4-mapped'],
    ['fec0::1', 'site-local'], // ip-num calls it Global Unicast
    ['ff02::1', 'multicast'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['10.1.2.3', 'private'],
    ['198.18.1.2', 'benchmarking'],
    ['192.0.2.1', 'documentation'],
    ['8.8.8.8', 'global'],
  ])('%s is %s', (addr, scope) => {
    expect(classifyAddress(addr)).toBe(scope);
  });
  it('returns null for text that is no address', () => {
    expect(classifyAddress('router-1')).toBeNull();
    expect(classifyAddress('2001:db8::g')).toBeNull();
  });
});
