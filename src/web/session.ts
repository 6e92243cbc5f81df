import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { Db } from '../../db/index';
import { findToken } from '../auth/tokens';
import type { Role } from '../../db/schema/auth';
import { sqliteOf } from '../field/sqlite';
import { overHttps } from '../http/access';

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
export function signIn(c: Context, db: Db, token: string, opts: { trustProxy: boolean }): boolean {
  const sqlite = sqliteOf(db);
  const row = findToken(db, token.trim());
  if (!row) return false;
  const id = randomBytes(32).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  sqlite.prepare('INSERT INTO web_sessions (id_hash, token_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(sha256(id), row.id, randomBytes(24).toString('base64url'), now, now + TTL_SECONDS);
  setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: TTL_SECONDS, secure: overHttps(c, opts.trustProxy) });
  return true;
}

export function signOut(c: Context, db: Db): void {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) sqliteOf(db).prepare('DELETE FROM web_sessions WHERE id_hash = ?').run(sha256(id));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/**
 * Reads the session cookie and sets the 'principal' (so requireRole works for pages) and the
 * session's CSRF token. A revoked token ends its sessions at once (the join checks revoked_at).
 */
export function sessionMiddleware(db: Db): MiddlewareHandler {
  const sqlite = sqliteOf(db);
  const find = sqlite.prepare(
    'SELECT t.name, t.role, s.csrf_token FROM web_sessions s JOIN api_tokens t ON t.id = s.token_id WHERE s.id_hash = ? AND s.expires_at > ? AND t.revoked_at IS NULL',
  );
  return async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) {
      const s = find.get(sha256(id), Math.floor(Date.now() / 1000)) as { name: string; role: Role; csrf_token: string } | undefined;
      if (s) {
        c.set('principal', { name: s.name, role: s.role });
        c.set('csrfToken', s.csrf_token);
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
