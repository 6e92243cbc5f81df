import { sql } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { auditLog } from '../../db/schema/field';
import { prepared } from './records/prepared';
import type { Actor } from './status';

export interface AuditEntry {
  actor: Actor;
  entity: string;
  entityId: string | number;
  action: 'create' | 'update' | 'transition' | 'delete' | 'import';
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * Appends to the audit log. Pass the transaction that makes the change, so the record and its
 * audit entry are stored together or not at all.
 */
export async function audit(db: Db, e: AuditEntry, at: number = Date.now()): Promise<void> {
  const q = prepared(db, 'audit', (d) =>
    d
      .insert(auditLog)
      .values({
        at: sql.placeholder('at'), actor: sql.placeholder('actor'), actorRole: sql.placeholder('actorRole'), entity: sql.placeholder('entity'), entityId: sql.placeholder('entityId'),
        action: sql.placeholder('action'), before: sql.placeholder('before'), after: sql.placeholder('after'), reason: sql.placeholder('reason'),
      })
      .prepare(),
  );
  await q.execute({
    at: new Date(at),
    actor: e.actor.name,
    actorRole: e.actor.role,
    entity: e.entity,
    entityId: String(e.entityId),
    action: e.action,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    reason: e.reason ?? null,
  });
}
