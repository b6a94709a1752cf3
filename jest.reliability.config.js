/**
 * `npm run test:reliability`: the reliability cases, long ones included (crash loop, soak), with
 * more randomised inputs than `npm test` tries. Files named `*.reliability.ts` run only here.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config, like jest.config.js
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['**/test/reliability/**/*.test.ts', '**/test/reliability/**/*.reliability.ts'],
  testTimeout: 4 * 3_600_000,
};
