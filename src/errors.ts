/**
 * A failure a person can act on, in domain terms: the record or field it concerns is in the message
 * (`code: a station with code "PY-1" already exists`). Domain code throws these and knows nothing of HTTP;
 * src/http maps each kind to a status (invalid 400, not_found 404, conflict 409, unprocessable 422).
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** One line per problem, each naming its field, when there are several. */
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
