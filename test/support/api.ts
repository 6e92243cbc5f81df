import type { Hono } from 'hono';

/** One API request through the app (no socket): a bearer token when given, a JSON body when given. */
export function apiRequest(app: Hono, method: string, url: string, token?: string, body?: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(url, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    }),
  );
}
