import { lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { events, trapRejections } from '../../db/schema/events';

/** Deletes events and rejection counts older than `days`; returns how many events went and their bytes. */
export function pruneEvents(db: Db, days: number, now = new Date()): { rows: number; bytes: number } {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  db.delete(trapRejections).where(lt(trapRejections.bucket, Math.floor(cutoff.getTime() / 1000))).run();
  const gone = db.delete(events).where(lt(events.time, cutoff)).returning({ bytes: sql<number>`${events.bytes}` }).all();
  return { rows: gone.length, bytes: gone.reduce((n, g) => n + g.bytes, 0) };
}
