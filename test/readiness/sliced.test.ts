import { describe, expect, it } from 'vitest';
import { buildReport, reportSteps } from '../../src/readiness/report';
import { sliced } from '../../src/pace';
import { addr, device, evidence, iface } from './evidence-builder';

/**
 * The report over a large fleet is built a time slice at a time: the same report as built at once, with the
 * event loop turning in between (timers fire while it is built).
 */
describe('readiness report built in slices', () => {
  it('equals the report built at once, and lets timers run while 5,000 devices are scored', async () => {
    const units = Array.from({ length: 50 }, (_, u) => ({ name: `unit-${u}`, town: `town-${u % 7}`, ipv4: [`198.18.${u}.0/24`], ipv6: [`2001:db8:${u.toString(16)}::/48`] }));
    const devices = Array.from({ length: 5000 }, (_, i) => {
      const u = i % 50;
      const e = evidence({ interfaces: [iface(1, 'lo'), iface(2, 'Vlanif10')], addresses: [addr(`198.18.${u}.${(i % 250) + 1}`, 2), addr(`2001:db8:${u.toString(16)}::${(i + 1).toString(16)}`, 2), addr('fe80::1%2', 2)] });
      return device(`sw-${String(i).padStart(4, '0')}`, e, { unit: `unit-${u}` });
    });
    const now = new Date('2026-12-05T08:00:00Z');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const inSlices = await sliced(reportSteps(devices, units, undefined, now));
    clearInterval(timer);
    expect(inSlices).toEqual(buildReport(devices, units, undefined, now));
    expect(inSlices.units).toHaveLength(50);
    expect(inSlices.devices).toHaveLength(5000);
    // Duplicates (the same IPv4 address on devices 250 apart within a unit) are found across slices.
    expect(inSlices.findings.some((f) => f.kind === 'duplicate_address')).toBe(true);
    expect(ticks).toBeGreaterThan(1); // built at once, a timer could fire once at most (before it starts)
  });
});
