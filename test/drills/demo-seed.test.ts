import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { buildReport } from '../../src/incidents/report';
import { DEMO_DRILL, seedDrillDemo } from '../../src/drills/demo-seed';
import { listDrills } from '../../src/drills/store';

describe('the demo drill', () => {
  it('is written once, ended, with incidents whose time to detect follows from the reported attack starts', () => {
    const { db } = openDatabase(':memory:');
    expect(seedDrillDemo(db)).toBe(true);
    expect(seedDrillDemo(db)).toBe(false);
    const drills = listDrills(db);
    expect(drills.map((d) => d.name)).toEqual([DEMO_DRILL]);
    expect(drills[0].endsAt.getTime()).toBeLessThan(Date.now());
    const r = buildReport(db, drills[0].id);
    expect(r.incidents.map((i) => [i.alertname, i.time_to_detect_seconds])).toEqual([
      ['YunetSnmpAuthFailuresDuringDrill', 5 * 60],
      ['YunetConfigurationChangedDuringDrill', 7 * 60],
      ['YunetDeviceUnreachableDuringDrill', null],
    ]);
    expect(r.notes).toHaveLength(2);
  });
});
