import { Agent, request } from 'undici';

/** A keep-alive GraphQL client for one endpoint; fails on HTTP or GraphQL errors. */
export class GraphQLClient {
  private readonly agent = new Agent({ connections: 32, pipelining: 1 });

  constructor(private readonly url: string) {}

  /** Posts one operation and returns its `data`; throws with the errors when there are any. */
  async query<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const response = await request(this.url, {
      method: 'POST',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.body.json()) as { data?: T; errors?: { message: string }[] };
    if (response.statusCode !== 200 || body.errors?.length) {
      const reasons = body.errors?.map((error) => error.message).join('; ') ?? '';
      throw new Error(`GraphQL request failed with HTTP ${response.statusCode}: ${reasons}`);
    }
    return body.data as T;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
