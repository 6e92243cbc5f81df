import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { incidents } from '../../db/schema/drills';
import { drillFor } from '../drills/store';
import { endOf, type WebhookPayload } from './payload';

export interface IngestResult {
  created: number;
  resolved: number;
  unchanged: number;
}

/**
 * Records a notification in one transaction. An alert instance is (fingerprint, startsAt): repeats
 * of a firing alert change nothing, a resolved one closes its incident (or records it whole if the
 * firing notice never came). New incidents attach to the drill active at startsAt that covers their unit.
 */
export async function ingestNotification(db: Db, p: WebhookPayload, now = new Date()): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    const result: IngestResult = { created: 0, resolved: 0, unchanged: 0 };
    for (const a of p.alerts) {
      const startsAt = new Date(a.startsAt);
      const endsAt = a.status === 'resolved' ? (endOf(a) ?? now) : null;
      const [existing] = await tx
        .select()
        .from(incidents)
        .where(and(eq(incidents.fingerprint, a.fingerprint), eq(incidents.startsAt, startsAt)))
        .limit(1);
      if (existing) {
        if (a.status === 'resolved' && existing.status === 'firing') {
          await tx.update(incidents).set({ status: 'resolved', endsAt, resolvedReceivedAt: now }).where(eq(incidents.id, existing.id));
          result.resolved++;
        } else result.unchanged++;
        continue;
      }
      const unit = a.labels.unit ?? null;
      const drill = await drillFor(tx, startsAt, unit);
      await tx.insert(incidents).values({
        fingerprint: a.fingerprint,
        startsAt,
        endsAt,
        status: a.status,
        alertname: a.labels.alertname,
        severity: a.labels.severity ?? null,
        device: a.labels.device ?? null,
        unit,
        summary: a.annotations.summary ?? '',
        labels: a.labels,
        annotations: a.annotations,
        generatorUrl: a.generatorURL || null,
        drillId: drill?.id ?? null,
        receivedAt: now,
        resolvedReceivedAt: a.status === 'resolved' ? now : null,
      });
      if (a.status === 'resolved') result.resolved++;
      else result.created++;
    }
    return result;
  });
}
