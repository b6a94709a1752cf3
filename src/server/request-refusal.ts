/**
 * A request the GraphQL route answers itself, before Apollo Server sees it: a body too large or
 * not JSON, a batch too long, an operation outside the safelist. The route answers `status`
 * with a GraphQL-shaped body, `{ errors: [{ message, extensions: { code, ...extensions } }] }`.
 */
export class RequestRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'RequestRefusal';
  }
}
