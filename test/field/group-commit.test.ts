import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Store } from '../../db/index';
import { databaseTarget } from '../support/database';
import { RecordService } from '../../src/field/records/service';
import { stationKind } from '../../src/field/records/kinds';

let database: Store;
beforeEach(async () => {
  database = await openDatabase(await databaseTarget(':memory:'));
});
afterEach(() => database.close());

const actor = { name: 'c', role: 'coordinator' as const };
const station = (code: string, town = '沙头街') => ({ code, name: code, operator: '中国移动', town, village: `${code}村`, type: 'macro', planned_year: 2026 });

it('commits writes of one event-loop turn together; a rejected write rolls back alone, village included', async () => {
  const svc = new RecordService(database.db, stationKind);
  const begin = vi.spyOn(database.db, 'transaction');
  const results = await Promise.allSettled([svc.saveGrouped(null, station('G-1'), actor), svc.saveGrouped(null, station('G-2', '不存在的街'), actor), svc.saveGrouped(null, station('G-3'), actor)]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/town: unknown town "不存在的街"/);
  expect(begin).toHaveBeenCalledTimes(1); // one transaction, so one COMMIT, for the three writes
  expect(await rows(database.db, sql`SELECT code FROM stations ORDER BY code`)).toEqual([{ code: 'G-1' }, { code: 'G-3' }]);
  expect(await rows(database.db, sql`SELECT name FROM villages ORDER BY name`)).toEqual([{ name: 'G-1村' }, { name: 'G-3村' }]);
  expect(await rows(database.db, sql`SELECT count(*) AS n FROM audit_log WHERE entity = 'station'`)).toEqual([{ n: 2 }]);
});

it('rolls back what a rejected write stored before it failed (its new village), and only that', async () => {
  const svc = new RecordService(database.db, stationKind);
  const results = await Promise.allSettled([
    svc.saveGrouped(null, station('G-4'), actor),
    // Valid town, new village (created while the record is prepared), then refused for a date in the future.
    svc.saveGrouped(null, { ...station('G-5'), status: 'on_air', on_air_on: '2999-01-01' }, actor),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/on_air_on: 2999-01-01 is in the future/);
  expect(await rows(database.db, sql`SELECT name FROM villages ORDER BY name`)).toEqual([{ name: 'G-4村' }]);
});
