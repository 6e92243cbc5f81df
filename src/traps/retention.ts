import { lt } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { events } from '../../db/schema/events';

/** Deletes events older than `days`; returns how many went. */
export function pruneEvents(db: Db, days: number, now = new Date()): number {
  return db.delete(events).where(lt(events.time, new Date(now.getTime() - days * 86_400_000))).run().changes;
}
