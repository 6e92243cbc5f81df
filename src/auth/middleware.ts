import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../db/index';
import type { Role } from '../../db/schema/auth';
import { ApiError } from '../http/errors';
import { bearerToken } from '../http/access';
import { allows, authenticate, type Principal } from './tokens';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

/**
 * Resolves the caller from `Authorization: Bearer …` (or a principal already set by the session-cookie
 * middleware) and checks the role. 401 without valid credentials, 403 with too little rights.
 */
export function requireRole(db: Db, needed: Role | Role[]): MiddlewareHandler {
  const accepted = Array.isArray(needed) ? needed : [needed];
  return async (c, next) => {
    let principal = c.get('principal') as Principal | undefined;
    if (!principal) {
      const token = bearerToken(c);
      principal = (token && (await authenticate(db, token))) || undefined;
      if (!principal) throw new ApiError(401, 'authentication required: send "Authorization: Bearer <token>" (create one with `npm run yunet -- token create`)');
      c.set('principal', principal);
    }
    if (!accepted.some((r) => allows(principal.role, r)))
      throw new ApiError(403, `role "${principal.role}" may not do this; needs ${accepted.join(' or ')}`);
    await next();
  };
}
