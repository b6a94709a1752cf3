/**
 * The test runner only transpiles (swc); `npm run typecheck` checks types. swc needs legacy
 * decorators and decorator metadata for type-graphql and class-validator.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 20000,
  // Most suites wait on sockets and DuckDB rather than the JS thread: two workers on two cores
  // finish the suite about a quarter sooner than jest's default of one.
  maxWorkers: 2,
};
