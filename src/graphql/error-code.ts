/**
 * The codes a client finds in `extensions.code`. Clients branch on these, so they are stable:
 * add new ones, never rename.
 */
export enum ErrorCode {
  /** An argument is malformed or out of range; the message names it and what is allowed. */
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  /** The vendor could not be reached or failed, and no stored day could answer instead. */
  UpstreamUnavailable = 'UPSTREAM_UNAVAILABLE',
  /** The vendor refused the configured credentials (wrong, revoked or disabled). */
  UpstreamCredentialsRejected = 'UPSTREAM_CREDENTIALS_REJECTED',
  /** None of the requested days is stored or can be pulled. */
  DataNotAvailable = 'DATA_NOT_AVAILABLE',
  InternalServerError = 'INTERNAL_SERVER_ERROR',
  /** The operation is too deep, has too many aliases or costs too much; nothing ran. */
  QueryTooComplex = 'QUERY_TOO_COMPLEX',
  /** A statement ran past the statement timeout and was stopped; ask for less. */
  QueryTimeout = 'QUERY_TIMEOUT',
  /** The caller sent more requests than its rate limit allows; `Retry-After` says when to retry. */
  RateLimited = 'RATE_LIMITED',
  /** The safelist is on and the operation is not in it. */
  PersistedQueryNotInList = 'PERSISTED_QUERY_NOT_IN_LIST',
  /** A batched request holds more operations than allowed. */
  BatchTooLarge = 'BATCH_TOO_LARGE',
}
