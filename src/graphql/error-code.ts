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
}
