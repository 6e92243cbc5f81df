import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { Db } from '../../db/index';
import { findToken } from '../auth/tokens';
import { apiTokens } from '../../db/schema/auth';
import { webSessions } from '../../db/schema/field';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { overHttps } from '../http/access';
import { ApiError } from '../http/errors';

declare module 'hono' {
  interface ContextVariableMap {
    csrfToken: string;
  }
}

export const SESSION_COOKIE = 'yunet_session';
const TTL_SECONDS = 12 * 3600;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Signs in with an API token: a new random session id goes to the browser in an httpOnly cookie;
 * the database keeps only its hash, the token's row and a per-session CSRF token. Null if the
 * token is unknown or revoked.
 */
export async function signIn(c: Context, db: Db, token: string, opts: { trustProxy: boolean }): Promise<boolean> {
  const row = await findToken(db, token.trim());
  if (!row) return false;
  const id = randomBytes(32).toString('base64url');
  const now = Date.now();
  await db.insert(webSessions).values({ idHash: sha256(id), tokenId: row.id, csrfToken: randomBytes(24).toString('base64url'), createdAt: new Date(now), expiresAt: new Date(now + TTL_SECONDS * 1000) });
  setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: TTL_SECONDS, secure: overHttps(c, opts.trustProxy) });
  return true;
}

export async function signOut(c: Context, db: Db): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await db.delete(webSessions).where(eq(webSessions.idHash, sha256(id)));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/**
 * Reads the session cookie and sets the 'principal' (so requireRole works for pages) and the
 * session's CSRF token. A revoked token ends its sessions at once (the join checks revoked_at).
 */
export function sessionMiddleware(db: Db): MiddlewareHandler {
  return async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) {
      const [s] = await db
        .select({ name: apiTokens.name, role: apiTokens.role, csrfToken: webSessions.csrfToken })
        .from(webSessions)
        .innerJoin(apiTokens, eq(apiTokens.id, webSessions.tokenId))
        .where(and(eq(webSessions.idHash, sha256(id)), gt(webSessions.expiresAt, new Date()), isNull(apiTokens.revokedAt)))
        .limit(1);
      if (s) {
        c.set('principal', { name: s.name, role: s.role });
        c.set('csrfToken', s.csrfToken);
      }
    }
    await next();
  };
}

/** The per-session token every form carries (in addition to hono's Origin check). */
export function csrfTokenMatches(c: Context, sent: unknown): boolean {
  const expected = c.get('csrfToken') as string | undefined;
  if (!expected || typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * For page forms: a POST needs a session (checked before a single byte of the form is read) and the session's
 * CSRF token in `_csrf`. `open` lists the paths that take a form without a session (sign-in).
 */
export function formGuard(open: string[] = []): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST' && !open.includes(c.req.path)) {
      if (!c.get('principal')) throw new ApiError(401, 'sign in first');
      const body = await c.req.parseBody();
      if (!csrfTokenMatches(c, body._csrf)) throw new ApiError(403, 'form: the page is out of date (CSRF check failed); reload it and try again');
    }
    await next();
  };
}
