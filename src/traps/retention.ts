import { lt } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { events, trapRejections } from '../../db/schema/events';

/** Deletes events and rejection counts older than `days`; returns how many events went and their bytes. */
export async function pruneEvents(db: Db, days: number, now = new Date()): Promise<{ rows: number; bytes: number }> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  await db.delete(trapRejections).where(lt(trapRejections.bucket, Math.floor(cutoff.getTime() / 1000)));
  const gone = await db.delete(events).where(lt(events.time, cutoff)).returning({ bytes: events.bytes });
  return { rows: gone.length, bytes: gone.reduce((n, g) => n + g.bytes, 0) };
}
