import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { events } from '../../db/schema/events';
import { pruneEvents } from '../../src/traps/retention';
import { EventWriter } from '../../src/traps/writer';
import { databaseTarget } from '../support/database';

describe('trap event storage', () => {
  it('writes queued events in batches and prunes those past the retention', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-events-'));
    const database = await openDatabase(await databaseTarget(path.join(dir, 'y.db')));
    try {
      const w = new EventWriter(database.db, { batch: 7 });
      const now = Date.parse('2026-12-01T00:00:00Z');
      for (let i = 0; i < 20; i++)
        w.push({ time: new Date(now - i * 86_400_000), source: '198.18.0.1', device: null, kind: 'trap', version: '2c', trapOid: '1.3.6.1.6.3.1.1.5.1', trap: 'coldStart', category: 'restart', summary: 'x', varbinds: [{ oid: '1.3.6.1.2.1.1.5.0', type: 'OctetString', value: '石碁-core' }] });
      expect(w.pending).toBe(20);
      await w.flush();
      expect(w.written).toBe(20);
      expect(await database.db.select().from(events)).toHaveLength(20);
      expect((await database.db.select().from(events))[0].varbinds).toEqual([{ oid: '1.3.6.1.2.1.1.5.0', type: 'OctetString', value: '石碁-core' }]);
      // Days 0..9 stay (strictly older than 10 days go).
      expect((await pruneEvents(database.db, 10, new Date(now + 1))).rows).toBe(10);
      expect(await database.db.select().from(events)).toHaveLength(10);
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a table two nodes write under its row cap, each counting the other’s rows', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-events-'));
    const target = await databaseTarget(path.join(dir, 'y.db'));
    const [a, b] = [await openDatabase(target), await openDatabase(target)];
    try {
      const storage = { maxRows: 1000, shared: () => true, recountMs: 0 };
      const [wa, wb] = [new EventWriter(a.db, storage), new EventWriter(b.db, storage)];
      const trap = (i: number) => ({ time: new Date(Date.parse('2026-12-01T00:00:00Z') + i * 1000), source: '198.18.0.1', device: null, kind: 'trap' as const, version: '2c' as const, trapOid: '1.3.6.1.6.3.1.1.5.1', trap: 'coldStart', category: 'restart' as const, summary: `t${i}`, varbinds: [] });
      for (let i = 0; i < 800; i++) wa.push(trap(i));
      await wa.flush();
      for (let i = 800; i < 1600; i++) wb.push(trap(i));
      await wb.flush();
      // Each node wrote 800, under the cap by its own count; together 1,600: the oldest go.
      const kept = await a.db.select({ summary: events.summary }).from(events).orderBy(events.id);
      expect(kept.length).toBeLessThanOrEqual(1000);
      expect(kept.at(-1)!.summary).toBe('t1599');
      expect(kept[0].summary).not.toBe('t0');
    } finally {
      await Promise.all([a.close(), b.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
