import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ApolloServer } from '@apollo/server';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

import { createApollo } from '../../src/app/apollo';
import { openGateway, type Gateway } from '../../src/app/gateway';
import { loadConfig } from '../../src/config/config';
import { createContext, type GatewayContext } from '../../src/graphql/context';
import { buildGatewaySchema } from '../../src/graphql/schema';
import { silentLogger } from '../../src/logging/logger';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator';
import { IN_MEMORY } from '../../src/store';
import { simulatorUpstream } from './simulated-service';

/** A gateway over an in-memory store, fed by a simulator on a pinned clock, queried without HTTP. */
export interface GatewayHarness {
  readonly simulator: RunningSimulator;
  readonly gateway: Gateway;
  readonly apollo: ApolloServer<GatewayContext>;
  /** Runs one operation with a fresh request context; returns data and errors. */
  execute<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  /** Runs a typed document (see test/operations and `npm run codegen`); fails on any error. */
  run<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
  ): Promise<TData>;
  close(): Promise<void>;
}

/** Starts a harness; `now` pins both the simulator's and the gateway's clocks. */
export async function startHarness(options: {
  now: string;
  simulator?: SimulatorOptions;
  env?: Record<string, string>;
}): Promise<GatewayHarness> {
  const simulator = await startSimulator({ users: 300, readyAfterMs: 0, ...options.simulator });
  simulator.clock.set(options.now);
  const downloadDir = await mkdtemp(join(tmpdir(), 'ltv-harness-'));
  const config = loadConfig({ LTV_QUERY_SYNC_BUDGET_MS: '20000', ...options.env });
  const logger = silentLogger();
  const gateway = await openGateway(config, logger, {
    storePath: IN_MEMORY,
    downloadDir,
    now: () => simulator.clock.now(),
    upstream: simulatorUpstream(simulator),
  });
  const apollo = createApollo(await buildGatewaySchema(), config, logger);
  await apollo.start();

  const execute: GatewayHarness['execute'] = async (query, variables) => {
    const response = await apollo.executeOperation(
      { query, variables },
      { contextValue: createContext(gateway.services) },
    );
    if (response.body.kind !== 'single') throw new Error('Expected a single result.');
    return response.body.singleResult as never;
  };

  return {
    simulator,
    gateway,
    apollo,
    execute,
    async run(document, variables) {
      const result = await execute(print(document), variables);
      if (result.errors?.length) {
        throw new Error(`Operation failed: ${result.errors.map((e) => e.message).join('; ')}`);
      }
      return result.data as never;
    },
    async close() {
      await apollo.stop();
      await gateway.close();
      await simulator.close();
      await rm(downloadDir, { recursive: true, force: true });
    },
  };
}
