import { newApiKey, startAuthRig, type AuthRig } from './auth-rig';

const ROUTER_SECRET = 'router-shared-secret-of-32-characters-or-more';
const QUERY = '{ coverage(range: { from: "2001-01-01", to: "2001-01-01" }) { complete } }';

describe('the router secret (LTV_ROUTER_SECRET)', () => {
  const client = newApiKey();
  let rig: AuthRig;
  let open: AuthRig;

  beforeAll(async () => {
    [rig, open] = await Promise.all([
      startAuthRig({
        env: { LTV_API_KEYS: `dashboard:read:${client.sha256}`, LTV_ROUTER_SECRET: ROUTER_SECRET },
      }),
      startAuthRig({ env: { LTV_AUTH: 'off', LTV_ROUTER_SECRET: ROUTER_SECRET } }),
    ]);
  });
  afterAll(() => Promise.all([rig.close(), open.close()]));

  it('refuses a client that calls around the router, even with a valid key', async () => {
    const answer = await rig.post(QUERY, {}, { authorization: `Bearer ${client.key}` });

    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/only through the supergraph router/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a wrong secret', async () => {
    const answer = await rig.post(
      QUERY,
      {},
      {
        authorization: `Bearer ${client.key}`,
        'x-router-secret': `${ROUTER_SECRET.slice(0, -1)}!`,
      },
    );

    expect(answer.status).toBe(401);
  });

  it('accepts the client identity the router forwards beside the secret', async () => {
    const answer = await rig.post(
      QUERY,
      {},
      {
        authorization: `Bearer ${client.key}`,
        'x-router-secret': ROUTER_SECRET,
      },
    );

    expect(answer.body).toEqual({ data: { coverage: { complete: false } } });
  });

  it('still requires client credentials behind the router', async () => {
    const answer = await rig.post(QUERY, {}, { 'x-router-secret': ROUTER_SECRET });

    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0].message).toMatch(/No credentials/);
  });

  it('is required even while LTV_AUTH=off', async () => {
    expect((await open.post(QUERY)).status).toBe(401);
    const answer = await open.post(QUERY, {}, { 'x-router-secret': ROUTER_SECRET });
    expect(answer.body).toEqual({ data: { coverage: { complete: false } } });
  });
});
