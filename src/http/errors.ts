import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { formatIssues, type IssueCarrier } from '../config/load';
import { bodyTooLargeMessage } from './body-limit';
import { DomainError } from '../errors';

/** An error a person can act on: HTTP status plus a message naming the field or record. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
  }
}

export function validationError(where: string, error: IssueCarrier): ApiError {
  const details = formatIssues(error);
  return new ApiError(400, `invalid ${where}: ${details.join('; ')}`, details);
}

/** zod-validator hook: turns a failed parse into our JSON error instead of a ZodError dump. */
export function zodHook(where: string) {
  return (result: { success: boolean; error?: IssueCarrier }) => {
    if (!result.success && result.error) throw validationError(where, result.error);
  };
}

const domainStatus = { invalid: 400, not_found: 404, conflict: 409, unprocessable: 422 } as const;

/** A domain error as the HTTP error it answers with; an ApiError as itself; anything else null. */
export function userError(e: unknown): ApiError | null {
  if (e instanceof ApiError) return e;
  if (e instanceof DomainError) return new ApiError(domainStatus[e.kind], e.message, e.details);
  return null;
}

export function onError(err: Error, c: Context) {
  const tooLarge = bodyTooLargeMessage(c);
  if (tooLarge) return c.json({ error: tooLarge }, 413);
  const user = userError(err);
  if (user) return c.json({ error: user.message, ...(user.details ? { details: user.details } : {}) }, user.status);
  if (err instanceof HTTPException) return c.json({ error: err.message || 'request failed' }, err.status);
  console.error(err);
  return c.json({ error: 'internal error' }, 500);
}
