import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { apiTokens, type Role } from '../../db/schema/auth';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random token (256 bits). Returned once; only its hash is stored. */
export function createToken(db: Db, name: string, role: Role): string {
  const token = `yn_${randomBytes(32).toString('base64url')}`;
  db.insert(apiTokens).values({ name, role, tokenHash: hashToken(token) }).run();
  return token;
}

export interface Principal {
  name: string;
  role: Role;
}

function lookupByHash(db: Db) {
  return db
    .select({ name: apiTokens.name, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
    .prepare();
}
// Prepared once per database: every API request authenticates.
const lookups = new WeakMap<Db, ReturnType<typeof lookupByHash>>();

export function authenticate(db: Db, token: string): Principal | null {
  let q = lookups.get(db);
  if (!q) lookups.set(db, (q = lookupByHash(db)));
  const row = q.get({ hash: hashToken(token) });
  return row ? { name: row.name, role: row.role } : null;
}

export function revokeToken(db: Db, name: string): boolean {
  return db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.name, name), isNull(apiTokens.revokedAt))).run().changes > 0;
}

export function listTokens(db: Db) {
  return db
    .select({ name: apiTokens.name, role: apiTokens.role, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .all();
}

/** YUNET_ADMIN_TOKEN: an admin token chosen by the operator, (re)installed at every start. */
export function installBootstrapToken(db: Db, token: string): void {
  if (token.length < 16) throw new Error('YUNET_ADMIN_TOKEN must be at least 16 characters');
  const row = { name: 'bootstrap-admin', role: 'admin' as const, tokenHash: hashToken(token), revokedAt: null };
  db.insert(apiTokens).values(row).onConflictDoUpdate({ target: apiTokens.name, set: row }).run();
}

/** viewer < coordinator < admin; security is a peer of coordinator for drill work. Admin may do anything. */
export function allows(role: Role, needed: Role): boolean {
  if (role === 'admin' || role === needed) return true;
  return needed === 'viewer';
}
