import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { annotate, changeEnd, createDrill, getDrill } from '../../src/drills/store';
import { ingestNotification } from '../../src/incidents/ingest';
import { webhookSchema } from '../../src/incidents/payload';
import { buildReport } from '../../src/incidents/report';
import { databaseTarget } from '../support/database';

// The limits the README's "Security and limits" table states for drills.
const ANNOTATIONS_PER_DRILL = 1000;
const REPORT_ROWS = 1000;

const T0 = Date.parse('2026-05-12T01:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000);

describe('drill limits', () => {
  it('refuses the annotation past the limit, naming the field and the number', async () => {
    const store = await openDatabase(await databaseTarget(':memory:'));
    const { db } = store;
    const d = await createDrill(db, { name: 'notes', startsAt: at(0), endsAt: at(60), scopeUnits: null, notes: '' }, 'test');
    for (let i = 0; i < ANNOTATIONS_PER_DRILL; i++) await annotate(db, d.id, `note ${i}`, 'soc-lead', at(1));
    await expect(annotate(db, d.id, 'one more', 'soc-lead', at(2))).rejects.toThrow(/^text: drill \d+ already has 1000 annotations/);
    expect((await buildReport(db, d.id)).notes).toHaveLength(ANNOTATIONS_PER_DRILL);
    // Extending or ending a full drill still works; only its automatic note is left out.
    await changeEnd(db, d.id, at(90), 'extended by 30 min', 'soc-lead');
    expect((await getDrill(db, d.id)).endsAt).toEqual(at(90));
    expect((await buildReport(db, d.id)).notes).toHaveLength(ANNOTATIONS_PER_DRILL);
    await store.close();
  });

  it('notes an extension on the board in the same transaction', async () => {
    const store = await openDatabase(await databaseTarget(':memory:'));
    const { db } = store;
    const d = await createDrill(db, { name: 'extend', startsAt: at(0), endsAt: at(60), scopeUnits: null, notes: '' }, 'test');
    await changeEnd(db, d.id, at(90), 'extended by 30 min', 'soc-lead');
    expect((await buildReport(db, d.id)).notes.map((n) => n.text)).toEqual(['extended by 30 min']);
    // A refused change (ends before it starts) leaves no note behind.
    await expect(changeEnd(db, d.id, at(-10), 'ended', 'soc-lead')).rejects.toThrow();
    expect((await buildReport(db, d.id)).notes).toHaveLength(1);
    await store.close();
  });

  it('lists at most 1,000 incidents of an alert flood and still counts them all', async () => {
    const store = await openDatabase(await databaseTarget(':memory:'));
    const { db } = store;
    const d = await createDrill(db, { name: 'flood', startsAt: at(0), endsAt: at(600), scopeUnits: null, notes: '' }, 'test');
    const alerts = Array.from({ length: REPORT_ROWS + 5 }, (_, i) => ({
      status: 'firing',
      labels: { alertname: 'YunetTrapFlood', category: 'other', instance: `198.18.0.${i % 250}` },
      annotations: {},
      startsAt: at(1 + i / 100).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: `flood${i}`,
    }));
    // As Alertmanager's webhook (version 4) delivers them.
    await ingestNotification(db, webhookSchema.parse({ version: '4', groupKey: 'g', status: 'firing', receiver: 'yunet', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am', alerts }), at(20));
    const r = await buildReport(db, d.id);
    expect(r.summary.incidents).toBe(REPORT_ROWS + 5);
    expect(r.incidents).toHaveLength(REPORT_ROWS);
    expect(r.incidents[0].starts_at).toBe(at(1).toISOString());
    await store.close();
  });
});
