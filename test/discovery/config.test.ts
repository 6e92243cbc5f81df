import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { addressesOf } from '../../src/discovery/prefixes';

const parse = (discovery: unknown) => configSchema.safeParse({ discovery });
const problems = (discovery: unknown) => {
  const r = parse(discovery);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('discovery configuration', () => {
  it('defaults: off, 200 requests/s, 10 000 candidates', () => {
    const d = configSchema.parse({}).discovery;
    expect([d.enabled, d.rate_per_second, d.max_candidates, d.ranges]).toEqual([false, 200, 10_000, []]);
  });

  it('refuses IPv6 ranges wider than /120, bad schedules, unknown keys and empty rules', () => {
    expect(problems({ ranges: ['2001:db8:d230::/64'] })).toEqual(['discovery.ranges.0: IPv6 ranges must be /120 or smaller']);
    expect(problems({ ranges: ['2001:db8:d230::/120'] })).toEqual([]);
    expect(problems({ schedule: 'every night' })[0]).toMatch(/^discovery.schedule: not a valid cron/);
    expect(problems({ rate: 10 })[0]).toMatch(/^discovery: /);
    expect(problems({ auto_approve: [{}] })).toEqual(['discovery.auto_approve.0: give unit, vendor or both']);
  });
});

describe('sweep addresses', () => {
  // Expected counts from the prefix arithmetic: 2^(32-24) - 2 hosts; a /31 has both; a /120 has 256.
  it('walks the hosts of an IPv4 prefix and every address of a small IPv6 one', () => {
    const v4 = [...addressesOf('198.19.230.0/24')];
    expect([v4.length, v4[0], v4.at(-1)]).toEqual([254, '198.19.230.1', '198.19.230.254']);
    expect([...addressesOf('198.19.230.6/31')]).toEqual(['198.19.230.6', '198.19.230.7']);
    const v6 = [...addressesOf('2001:db8:d230::100/120')];
    expect([v6.length, v6[0], v6.at(-1)]).toEqual([256, '2001:db8:d230:0:0:0:0:100', '2001:db8:d230:0:0:0:0:1ff']);
  });
});
