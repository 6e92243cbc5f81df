import type { Database, Statement } from 'better-sqlite3';
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

const statements = new WeakMap<Database, Statement<unknown[]>>();

/**
 * Appends to the audit log. Call it inside the transaction that makes the change, so the record
 * and its audit entry are stored together or not at all.
 */
export function audit(sqlite: Database, e: AuditEntry, at: number = Date.now()): void {
  let stmt = statements.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare('INSERT INTO audit_log (at, actor, actor_role, entity, entity_id, action, before, after, reason) VALUES (?,?,?,?,?,?,?,?,?)');
    statements.set(sqlite, stmt);
  }
  stmt.run(at, e.actor.name, e.actor.role, e.entity, String(e.entityId), e.action, e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after), e.reason ?? null);
}
