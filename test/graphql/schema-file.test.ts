import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { printGatewaySdl } from '../../src/graphql/schema';

describe('schema/schema.graphql', () => {
  it('matches the SDL the code builds (run `npm run schema:write` after changing the API)', async () => {
    const committed = await readFile(join(__dirname, '../../schema/schema.graphql'), 'utf8');

    expect(committed).toBe(await printGatewaySdl());
  });

  it('declares User as a federation entity keyed by id', async () => {
    const sdl = await printGatewaySdl();

    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/type User @key\(fields: "id"\)/);
  });
});
