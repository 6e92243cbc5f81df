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

/** An entry as the audit log stores it. */
function auditRow(e: AuditEntry, at: number) {
  return {
    at: new Date(at),
    actor: e.actor.name,
    actorRole: e.actor.role,
    entity: e.entity,
    entityId: String(e.entityId),
    action: e.action,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    reason: e.reason ?? null,
  };
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
  await q.execute(auditRow(e, at));
}

const AUDIT_COLUMNS = ['at', 'actor', 'actorRole', 'entity', 'entityId', 'action', 'before', 'after', 'reason'] as const;

/** Entries per INSERT (9 parameters each: under SQLite's and PostgreSQL's limits of bound parameters). */
const BATCH = 500;

/**
 * Audit entries of a bulk change (an import), written a few hundred per statement instead of one each. Use it
 * inside the change's transaction and flush() before that commits.
 */
export class AuditBatch {
  private rows: ReturnType<typeof auditRow>[] = [];

  constructor(private readonly db: Db) {}

  async add(e: AuditEntry, at: number = Date.now()): Promise<void> {
    this.rows.push(auditRow(e, at));
    if (this.rows.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    if (rows.length < BATCH) {
      if (rows.length) await this.db.insert(auditLog).values(rows);
      return;
    }
    // A full batch: one statement built once per session (building 4,500 parameters each time cost more than running it).
    const q = prepared(this.db, 'audit batch', (d) =>
      d
        .insert(auditLog)
        .values(rows.map((_, i) => Object.fromEntries(AUDIT_COLUMNS.map((c) => [c, sql.placeholder(`${c}${i}`)])) as unknown as ReturnType<typeof auditRow>))
        .prepare(),
    );
    const params: Record<string, unknown> = {};
    rows.forEach((r, i) => {
      for (const c of AUDIT_COLUMNS) params[`${c}${i}`] = r[c];
    });
    await q.execute(params);
  }
}
