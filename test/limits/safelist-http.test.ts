import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startServiceRig, type ServiceRig } from './service-rig';

const LISTED = 'query Coverage($range: DateRange!) { coverage(range: $range) { complete } }';
const ALSO_LISTED = 'query Ping { __typename }';
const UNLISTED = 'query Other { __typename }';
const OLD_DAYS = { from: '2001-01-01', to: '2001-01-02' };
const NOT_IN_LIST = {
  errors: [
    {
      message: 'This server runs only the operations on its safelist, and this one is not on it.',
      extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
    },
  ],
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const byHash = (body: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(body) } });

describe('safelisting over HTTP (LTV_SAFELIST)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ltv-safelist-'));
  let rig: ServiceRig;

  beforeAll(async () => {
    const manifest = join(dir, 'manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [
          { id: sha256(LISTED), name: 'Coverage', type: 'query', body: LISTED },
          { id: sha256(ALSO_LISTED), name: 'Ping', type: 'query', body: ALSO_LISTED },
        ],
      }),
    );
    rig = await startServiceRig({ env: { LTV_SAFELIST: manifest } });
  });
  afterAll(async () => {
    await rig.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a listed operation sent as its document', async () => {
    const answer = await rig.post({ query: LISTED, variables: { range: OLD_DAYS } });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { coverage: { complete: false } } });
  });

  it('runs a listed operation sent as its hash alone, by POST and by GET, on first sight', async () => {
    const posted = await rig.post({ extensions: byHash(ALSO_LISTED) });
    const got = await rig.get({
      extensions: JSON.stringify(byHash(LISTED)),
      variables: JSON.stringify({ range: OLD_DAYS }),
    });

    expect(posted.body).toEqual({ data: { __typename: 'Query' } });
    expect(got.body).toEqual({ data: { coverage: { complete: false } } });
  });

  it('refuses an operation that is not listed, by document or by hash', async () => {
    const byDocument = await rig.post({ query: UNLISTED });
    const byItsHash = await rig.post({ extensions: byHash(UNLISTED) });

    expect(byDocument.status).toBe(400);
    expect(byDocument.body).toEqual(NOT_IN_LIST);
    expect(byItsHash.status).toBe(400);
    expect(byItsHash.body).toEqual(NOT_IN_LIST);
  });

  it('refuses a listed document changed by a single character', async () => {
    const answer = await rig.post({ query: `${ALSO_LISTED} `, variables: {} });

    expect(answer.body).toEqual(NOT_IN_LIST);
  });

  it('refuses introspection, which is not listed', async () => {
    const answer = await rig.post({ query: '{ __schema { queryType { name } } }' });

    expect(answer.body).toEqual(NOT_IN_LIST);
  });

  it('refuses a whole batch when one of its operations is not listed', async () => {
    const answer = await rig.post([{ query: ALSO_LISTED }, { query: UNLISTED }]);

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(NOT_IN_LIST);
  });
});
