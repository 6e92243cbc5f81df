import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createDrill } from '../../src/drills/store';
import { SecurityPoller } from '../../src/drills/security-schedule';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith, missing } from '../support/requirements';
import { freeUdpPort, startSnmpd, type Snmpd } from '../support/snmpd';
import { waitFor } from '../lab/sh';
import { testDatabase } from '../support/database';
import { segmentText } from '../../src/metrics/gzip-segments';

// A real snmpd counts every request in snmpInPkts, so the fast drill poll shows as that counter moving.
const NEEDS = { commands: ['snmpd'] };
const it = itWith(NEEDS);
let yunet: Yunet;
let snmpd: Snmpd;

const inPkts = (device: string): number => {
  const member = yunet.ctx.fleet.states.get(device)?.series.get('snmpInPkts');
  return member ? Number(/ (\d+)\n$/.exec(segmentText(member))?.[1] ?? NaN) : NaN;
};

beforeAll(async () => {
  if (missing(NEEDS)) return;
  snmpd = await startSnmpd(['rocommunity public 127.0.0.1']);
  const config = configSchema.parse({
    database: await testDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-drill-sched-')), 'y.db')),
    traps: { port: await freeUdpPort(), address: '127.0.0.1' },
    drills: { security_schedule: '* * * * * *' },
    credentials: { lab: { version: '2c', community: 'public' } },
    units: [{ name: '石碁镇政府' }, { name: '大龙街道办' }],
    devices: [
      { name: 'shiji-core', address: '127.0.0.1', port: snmpd.port, credential: 'lab', unit: '石碁镇政府' },
      { name: 'dalong-core', address: '127.0.0.1', port: snmpd.port, credential: 'lab', unit: '大龙街道办' },
    ],
  });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  await yunet.runCycle();
});
afterAll(async () => {
  await yunet?.close();
  snmpd?.stop();
});

describe('faster snmp-security polling during a drill', () => {
  it('polls nothing outside a drill', async () => {
    expect(await new SecurityPoller(yunet.ctx).tick()).toEqual([]);
  });

  it('polls only the scoped devices every tick while the drill is active', async () => {
    await createDrill(yunet.ctx.db, { name: '石碁演练', startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3600_000), scopeUnits: ['石碁镇政府'], notes: '' }, 'test');
    const shiji = inPkts('shiji-core');
    const dalong = inPkts('dalong-core');
    expect(Number.isFinite(shiji) && Number.isFinite(dalong)).toBe(true);
    // The cron job (every second) moves the in-scope device's counter without any main poll.
    const moved = await waitFor('snmpInPkts of the drill-scoped device to move', () => (inPkts('shiji-core') > shiji ? inPkts('shiji-core') : null), 5000);
    expect(moved).toBeGreaterThan(shiji);
    expect(inPkts('dalong-core')).toBe(dalong);
    const exposed = await (await yunet.app.request('/metrics/devices/shiji-core')).text();
    expect(exposed).toMatch(new RegExp(`^snmpInPkts\\{device="shiji-core",unit="石碁镇政府"\\} (\\d+)$`, 'm'));
    expect(Number(/^snmpInPkts\{[^}]*\} (\d+)$/m.exec(exposed)![1])).toBeGreaterThan(shiji);
    const poller = new SecurityPoller(yunet.ctx);
    expect(await poller.tick()).toEqual(['shiji-core']);
  });
});
