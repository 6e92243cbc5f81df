import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { apiTokens, type Role } from '../../db/schema/auth';
import { webSessions } from '../../db/schema/field';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random token (256 bits). Returned once; only its hash is stored. */
export async function createToken(db: Db, name: string, role: Role): Promise<string> {
  const token = `yn_${randomBytes(32).toString('base64url')}`;
  await db.insert(apiTokens).values({ name, role, tokenHash: hashToken(token) });
  return token;
}

export interface Principal {
  name: string;
  role: Role;
}

/** The live (unrevoked) token row a token string belongs to: the one lookup the API and sign-in share. */
export async function findToken(db: Db, token: string): Promise<{ id: number; name: string; role: Role } | null> {
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  return row ?? null;
}

export async function authenticate(db: Db, token: string): Promise<Principal | null> {
  const row = await findToken(db, token);
  return row ? { name: row.name, role: row.role } : null;
}

export async function revokeToken(db: Db, name: string): Promise<boolean> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.name, name), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length > 0;
}

export async function listTokens(db: Db) {
  return db.select({ name: apiTokens.name, role: apiTokens.role, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt }).from(apiTokens).orderBy(apiTokens.id);
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
export async function installBootstrapToken(db: Db, token: string): Promise<BootstrapOutcome> {
  if (token.length < 16) throw new Error('YUNET_ADMIN_TOKEN must be at least 16 characters');
  const tokenHash = hashToken(token);
  return db.transaction(async (tx): Promise<BootstrapOutcome> => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.name, 'bootstrap-admin')).limit(1);
    if (row?.revokedAt) return 'ignored_revoked';
    if (row) {
      if (row.tokenHash === tokenHash) return 'unchanged';
      await tx.update(apiTokens).set({ tokenHash }).where(eq(apiTokens.id, row.id));
      await tx.delete(webSessions).where(eq(webSessions.tokenId, row.id));
      return 'rotated';
    }
    const [admin] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.role, 'admin'), isNull(apiTokens.revokedAt))).limit(1);
    if (admin) return 'ignored_other_admin';
    await tx.insert(apiTokens).values({ name: 'bootstrap-admin', role: 'admin', tokenHash });
    return 'created';
  });
}

/** viewer < coordinator < admin; security is a peer of coordinator for drill work. Admin may do anything. */
export function allows(role: Role, needed: Role): boolean {
  if (role === 'admin' || role === needed) return true;
  return needed === 'viewer';
}
