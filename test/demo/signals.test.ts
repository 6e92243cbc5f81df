import { describe, expect, it } from 'vitest';
import { counter32, counter64, counter64Buffer, flapState, swingingIntegral, timeTicks, wobble } from '../../src/demo/signals';

describe('demo signals', () => {
  it('integrates a swinging rate into a counter that never goes backwards and averages the mean', () => {
    let last = -1;
    for (let s = 0; s <= 3600; s += 7) {
      const v = swingingIntegral(1000, s, 300, 1.3);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
    // Over whole periods the swing cancels out.
    expect(swingingIntegral(1000, 3000, 300, 1.3)).toBeCloseTo(3_000_000, 0);
  });

  it('wraps Counter64 at 2^64 and Counter32 at 2^32, exactly', () => {
    const near = 2n ** 64n - 10n;
    expect(counter64(near, 9)).toBe(2n ** 64n - 1n);
    expect(counter64(near, 12)).toBe(2n);
    expect(counter64Buffer(2n ** 64n - 1n).toString('hex')).toBe('ffffffffffffffff');
    expect(counter64Buffer(18446744073709551000n).readBigUInt64BE()).toBe(18446744073709551000n);
    expect(counter32(2 ** 32 - 1, 3)).toBe(2);
    expect(timeTicks(2 ** 32 / 100 + 1)).toBe(100);
  });

  it('flaps: down for the last seconds of each period, ifLastChange at each transition, no traffic while down', () => {
    const flap = { everySeconds: 900, downSeconds: 40 };
    expect(flapState(100, flap)).toEqual({ up: true, since: 0, upSeconds: 100 });
    expect(flapState(870, flap)).toEqual({ up: false, since: 860, upSeconds: 860 });
    expect(flapState(950, flap)).toEqual({ up: true, since: 900, upSeconds: 910 });
    expect(flapState(870, undefined)).toEqual({ up: true, since: 0, upSeconds: 870 });
  });

  it('keeps CPU and memory percentages within 0..100', () => {
    for (let s = 0; s < 1000; s += 13) {
      const v = wobble(95, 20, s, 240, 0);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
  });
});
