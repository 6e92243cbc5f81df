import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { buildReport } from '../../src/incidents/report';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet } from '../../src/yunet';
import { DEMO_DRILL, seedDrillDemo } from '../../src/drills/demo-seed';
import { listDrills } from '../../src/drills/store';
import { databaseTarget, testDatabase } from '../support/database';

describe('the demo drill', () => {
  it('is written once, ended, with incidents whose time to detect follows from the reported attack starts', async () => {
    const store = await openDatabase(await databaseTarget(':memory:'));
    const { db } = store;
    expect(await seedDrillDemo(db)).toBe(true);
    expect(await seedDrillDemo(db)).toBe(false);
    const drills = await listDrills(db);
    expect(drills.map((d) => d.name)).toEqual([DEMO_DRILL]);
    expect(drills[0].endsAt.getTime()).toBeLessThan(Date.now());
    const r = await buildReport(db, drills[0].id);
    // Attack starts 10:02 and 13:09, alerts fired 10:07 and 13:16 (Beijing time), as seeded.
    expect(r.incidents.map((i) => [i.alertname, i.time_to_detect_seconds])).toEqual([
      ['YunetSnmpAuthFailuresDuringDrill', 5 * 60],
      ['YunetConfigurationChangedDuringDrill', 7 * 60],
      ['YunetDeviceUnreachableDuringDrill', null],
    ]);
    expect(r.notes).toHaveLength(2);
    await store.close();
  });

  it('survives restarts in demo mode as one drill, and its board and report show the incidents', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-demo-drill-'));
    const config = configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), traps: { enabled: false } });
    try {
      for (let start = 0; start < 2; start++) {
        const yunet = await createYunet({ config, demo: true, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
        try {
          const drills = await listDrills(yunet.ctx.db);
          expect(drills.map((d) => d.name)).toEqual([DEMO_DRILL]);
          const viewer = await createToken(yunet.ctx.db, `screen-${start}`, 'viewer');
          const page = async (url: string) => {
            const res = await yunet.app.request(url, { headers: { authorization: `Bearer ${viewer}` } });
            expect(res.status, url).toBe(200);
            return res.text();
          };
          const board = await page(`/drills/${drills[0].id}`);
          expect(board).toContain('YunetSnmpAuthFailuresDuringDrill');
          expect(board).toContain('红队开始扫描核心网段');
          // A viewer reads: no forms in the page body (the header's sign-out form is the shell's).
          expect(board.slice(board.indexOf('<main>'))).not.toContain('<form');
          expect(await page(`/drills/${drills[0].id}/report`)).toContain('YunetConfigurationChangedDuringDrill');
        } finally {
          await yunet.close();
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
