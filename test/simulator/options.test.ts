import { InvalidSimulatorOptionsError, startSimulator } from '../../src/simulator';

describe('startSimulator options', () => {
  it('rejects out-of-range options before listening, naming every problem at once', async () => {
    const starting = startSimulator({ users: -1, port: 70_000, readyAfterMs: 1.5, clientId: '' });

    await expect(starting).rejects.toThrow(InvalidSimulatorOptionsError);
    const error = (await starting.catch((caught: unknown) => caught)) as Error & { code: string };
    expect(error.code).toBe('SIMULATOR_INVALID_OPTIONS');
    expect(error.message).toContain('port 70000 is not a whole number 0..65535');
    expect(error.message).toContain('users -1 is not a whole number 0..16777216');
    expect(error.message).toContain('readyAfterMs 1.5 is not a whole number >= 0');
    expect(error.message).toContain('clientId and clientSecret must not be empty');
  });

  it('rejects a population beyond the 24-bit slot space', async () => {
    await expect(startSimulator({ users: 2 ** 24 + 1 })).rejects.toThrow(/users 16777217/);
  });

  it('listens on 127.0.0.1 and a free port by default, with no trailing slash', async () => {
    const sim = await startSimulator();
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await sim.close();
    }
  });
});
