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
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
    .prepare();
}
// Prepared once per database: every API request authenticates.
const lookups = new WeakMap<Db, ReturnType<typeof lookupByHash>>();

/** The live (unrevoked) token row a token string belongs to: the one lookup the API and sign-in share. */
export function findToken(db: Db, token: string): { id: number; name: string; role: Role } | null {
  let q = lookups.get(db);
  if (!q) lookups.set(db, (q = lookupByHash(db)));
  return q.get({ hash: hashToken(token) }) ?? null;
}

export function authenticate(db: Db, token: string): Principal | null {
  const row = findToken(db, token);
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

export type BootstrapOutcome = 'created' | 'unchanged' | 'rotated' | 'ignored_revoked' | 'ignored_other_admin';

export const bootstrapMessages: Record<BootstrapOutcome, string> = {
  created: 'YUNET_ADMIN_TOKEN: bootstrap admin token created',
  unchanged: '',
  rotated: 'YUNET_ADMIN_TOKEN: bootstrap admin token rotated; browser sessions of the old one ended',
  ignored_revoked: 'YUNET_ADMIN_TOKEN ignored: the bootstrap admin token was revoked and stays revoked',
  ignored_other_admin: 'YUNET_ADMIN_TOKEN ignored: an admin token already exists',
};

/**
 * YUNET_ADMIN_TOKEN: the first admin token of a fresh install. Created only while no admin token
 * exists; once revoked it stays revoked whatever the environment says; a new value for a live
 * bootstrap token replaces it and ends the old token's browser sessions.
 */
export function installBootstrapToken(db: Db, token: string): BootstrapOutcome {
  if (token.length < 16) throw new Error('YUNET_ADMIN_TOKEN must be at least 16 characters');
  const tokenHash = hashToken(token);
  return db.transaction((tx) => {
    const row = tx.select().from(apiTokens).where(eq(apiTokens.name, 'bootstrap-admin')).get();
    if (row?.revokedAt) return 'ignored_revoked';
    if (row) {
      if (row.tokenHash === tokenHash) return 'unchanged';
      tx.update(apiTokens).set({ tokenHash }).where(eq(apiTokens.id, row.id)).run();
      tx.run(sql`DELETE FROM web_sessions WHERE token_id = ${row.id}`);
      return 'rotated';
    }
    const admin = tx.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.role, 'admin'), isNull(apiTokens.revokedAt))).get();
    if (admin) return 'ignored_other_admin';
    tx.insert(apiTokens).values({ name: 'bootstrap-admin', role: 'admin', tokenHash }).run();
    return 'created';
  });
}

/** viewer < coordinator < admin; security is a peer of coordinator for drill work. Admin may do anything. */
export function allows(role: Role, needed: Role): boolean {
  if (role === 'admin' || role === needed) return true;
  return needed === 'viewer';
}
