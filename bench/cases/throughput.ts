import { spawn } from 'node:child_process';
import { once } from 'node:events';

import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

import { COVERAGE } from '../operations';
import type { CaseResult } from '../result';

const CONCURRENCY = 20;

/** The same query's shape served by a bare Apollo Server that answers a constant. */
const BARE_TYPE_DEFS = `#graphql
  input DateRange { from: String!, to: String! }
  type Coverage { complete: Boolean! }
  type Query { coverage(range: DateRange!): Coverage! }
`;

/**
 * Requests per second for a small query answered from memory (`coverage`), at concurrency 20
 * with autocannon in its own process, against a bare Apollo Server answering a constant.
 * Each side gets a short warm-up run first.
 */
export async function runThroughputCase(productUrl: string, seconds: number): Promise<CaseResult> {
  const bare = new ApolloServer({
    typeDefs: BARE_TYPE_DEFS,
    resolvers: { Query: { coverage: () => ({ complete: true }) } },
  });
  const { url } = await startStandaloneServer(bare, { listen: { port: 0, host: '127.0.0.1' } });
  try {
    await autocannon(productUrl, 2);
    await autocannon(url, 2);
    const product = await autocannon(productUrl, seconds);
    const engine = await autocannon(url, seconds);
    const ratio = product.perSecond / engine.perSecond;
    return {
      name: `throughput (coverage query, ${CONCURRENCY} connections)`,
      product: `${Math.round(product.perSecond)} req/s (p99 ${product.p99} ms)`,
      engine: `bare Apollo Server: ${Math.round(engine.perSecond)} req/s (p99 ${engine.p99} ms)`,
      ratio,
      target: '≥ 0.5×',
      met: ratio >= 0.5 && product.failures === 0,
      note: product.failures === 0 ? '' : `${product.failures} failed requests`,
    };
  } finally {
    await bare.stop();
  }
}

async function autocannon(
  url: string,
  seconds: number,
): Promise<{ perSecond: number; p99: number; failures: number }> {
  const child = spawn(
    process.execPath,
    [
      require.resolve('autocannon/autocannon.js'),
      '--json',
      '-c',
      String(CONCURRENCY),
      '-d',
      String(seconds),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-b',
      JSON.stringify({ query: COVERAGE }),
      url,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  const report = JSON.parse(out) as {
    requests: { average: number };
    latency: { p99: number };
    errors: number;
    non2xx: number;
  };
  return {
    perSecond: report.requests.average,
    p99: report.latency.p99,
    failures: report.errors + report.non2xx,
  };
}
