import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Database_ } from '../../db/index';
import { RecordService } from '../../src/field/records/service';
import { stationKind } from '../../src/field/records/kinds';

let database: Database_;
beforeEach(() => {
  database = openDatabase(':memory:');
});
afterEach(() => database.close());

const actor = { name: 'c', role: 'coordinator' as const };
const station = (code: string, town = '沙头街') => ({ code, name: code, operator: '中国移动', town, village: `${code}村`, type: 'macro', planned_year: 2026 });

it('commits writes of one event-loop turn together; a rejected write rolls back alone, village included', async () => {
  const svc = new RecordService(database.db, stationKind);
  const results = await Promise.allSettled([svc.saveGrouped(null, station('G-1'), actor), svc.saveGrouped(null, station('G-2', '不存在的街'), actor), svc.saveGrouped(null, station('G-3'), actor)]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/town: unknown town "不存在的街"/);
  expect(database.sqlite.prepare('SELECT code FROM stations ORDER BY code').all()).toEqual([{ code: 'G-1' }, { code: 'G-3' }]);
  expect(database.sqlite.prepare('SELECT name FROM villages ORDER BY name').all()).toEqual([{ name: 'G-1村' }, { name: 'G-3村' }]);
  expect(database.sqlite.prepare("SELECT count(*) n FROM audit_log WHERE entity = 'station'").get()).toEqual({ n: 2 });
});
