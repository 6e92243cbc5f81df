import { beforeAll, describe, expect } from 'vitest';
import { itWith, missing } from '../support/requirements';
import { pollHostileDevices, type DeviceOutcome } from './device-misbehaving';

const NEEDS = { commands: ['snmpd'] };
const it = itWith(NEEDS);
let outcomes: Map<string, DeviceOutcome>;

beforeAll(async () => {
  if (missing(NEEDS)) return;
  ({ outcomes } = await pollHostileDevices({ max_device_series_bytes: 256 * 1024, max_walk_varbinds: 100_000 }));
}, 120_000);

const line = (series: string, name: string) => series.split('\n').find((l) => l.startsWith(name));
const value = (series: string, name: string) => Number(line(series, name)?.split(' ').pop());
const labelValues = (series: string) => [...series.matchAll(/="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);

describe('hostile agents polled beside a healthy one', () => {
  it('an agent answering junk is down with kind "protocol", not mistaken for a dead one; cut-off answers are protocol errors', () => {
    expect(outcomes.get('junk')!.up).toBe(false);
    expect(outcomes.get('junk')!.kinds).toEqual(['protocol']);
    expect(outcomes.get('truncated')!.kinds).toContain('protocol');
  });

  it('a walk that does not advance ends as walk_loop', () => {
    expect(outcomes.get('loop')!.kinds).toContain('walk_loop');
  });

  it('endless tables, and tables of 60 KB strings, end at the varbind and byte caps as too_large', () => {
    expect(outcomes.get('endless')!.up).toBe(true);
    expect(outcomes.get('endless')!.kinds).toContain('too_large');
    expect(outcomes.get('huge_strings')!.kinds).toContain('too_large');
  });

  it('64 KB strings become label values of at most 256 bytes, cut at a character boundary, and are counted', () => {
    const s = outcomes.get('huge_strings')!.series;
    expect(line(s, 'yunet_device_info')).toBeDefined();
    for (const v of labelValues(s)) expect(Buffer.byteLength(v, 'utf8')).toBeLessThanOrEqual(256);
    // sysName, sysDescr and sysContact of 12,000 bytes each: 253 bytes kept, then "…" (3 bytes).
    for (const label of ['sys_name', 'sys_descr', 'sys_contact']) expect(new RegExp(`${label}="x{253}…"`).test(s), label).toBe(true);
    expect(value(s, 'yunet_device_label_values_truncated')).toBeGreaterThanOrEqual(3);
    // "接口" is three bytes a character: every cut label still decodes to whole characters.
    for (const v of labelValues(outcomes.get('wide')!.series)) expect(v).not.toContain('\ufffd');
  });

  it('tooBig on every GETBULK steps max-repetitions down to 1 and ends as too_big', () => {
    const o = outcomes.get('toobig')!;
    expect(o.up).toBe(true);
    expect(o.kinds).toContain('too_big');
    expect(value(o.series, 'yunet_device_max_repetitions')).toBe(1);
  });

  it('values of the wrong type neither crash the poll nor leak into the exposition as garbage', () => {
    const o = outcomes.get('wrong_types')!;
    expect(o.series).toMatch(/^yunet_device_last_poll_timestamp_seconds\{device="wrong_types"\} \d+$/m);
    for (const l of o.series.split('\n').filter((x) => x && !x.startsWith('#'))) expect(l).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? -?(\d+(\.\d+)?(e[+-]?\d+)?|NaN|[+-]Inf)$/);
  });

  it('a device whose series outgrow the byte cap is marked truncated; the others are not', () => {
    const wide = outcomes.get('wide')!;
    expect(wide.kinds).toContain('too_large');
    expect(value(wide.series, 'yunet_device_truncated')).toBe(1);
    expect(Buffer.byteLength(wide.series)).toBeLessThan(300 * 1024);
    const healthy = outcomes.get('healthy')!;
    expect(healthy.up).toBe(true);
    expect(healthy.kinds).toEqual([]);
    expect(value(healthy.series, 'yunet_device_truncated')).toBe(0);
    expect(healthy.series).toMatch(/^ifHCInOctets\{device="healthy",ifIndex="1",ifName="lo"/m);
    expect(healthy.series).toMatch(/^yunet_device_info\{device="healthy",sys_name="healthy-lab"/m);
  });
});
