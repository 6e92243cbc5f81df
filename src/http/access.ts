import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config/schema';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
/** Constant-time comparison of two secrets of any length (compared through their digests). */
export const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(c: Context): string | null {
  return /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? null;
}

/**
 * `http.metrics_auth`: the scrape endpoints answer only a request carrying the configured bearer token
 * or basic-auth pair. Without the setting they stay open, as Prometheus expects by default.
 */
export function metricsAuth(config: Config['http']): MiddlewareHandler {
  const auth = config.metrics_auth;
  return async (c, next) => {
    if (!auth) return next();
    const header = c.req.header('authorization') ?? '';
    const bearer = bearerToken(c);
    let ok = !!(auth.bearer_token && bearer && sameSecret(bearer, auth.bearer_token));
    const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
    if (!ok && auth.basic_auth && basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      ok = colon > 0 && sameSecret(decoded.slice(0, colon), auth.basic_auth.username) && sameSecret(decoded.slice(colon + 1), auth.basic_auth.password);
    }
    if (!ok) {
      c.header('WWW-Authenticate', auth.basic_auth ? 'Basic realm="yunet metrics"' : 'Bearer');
      return c.text('authentication required: this node closes /metrics (http.metrics_auth)\n', 401);
    }
    return next();
  };
}

/** Whether the browser reached yunet over HTTPS; a proxy's X-Forwarded-Proto counts only with http.trust_proxy. */
export function overHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && (c.req.header('x-forwarded-proto') ?? '').split(',')[0].trim().toLowerCase() === 'https';
}
