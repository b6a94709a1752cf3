import { main } from '../../src/cli/main';

describe('ltv-gateway serve', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
    jest.restoreAllMocks();
  });

  it('exits 1 with one message per invalid variable', async () => {
    process.env.PORT = 'not-a-port';
    process.env.LOG_LEVEL = 'chatty';
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));

    await main(['serve']);

    expect(process.exitCode).toBe(1);
    const output = errors.join('\n');
    expect(output).toMatch(/^ {2}PORT must be a whole number/m);
    expect(output).toMatch(/^ {2}LOG_LEVEL must be one of/m);
  });

  it('exits 2 naming an unknown option', async () => {
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));

    await main(['serve', '--bogus']);

    expect(process.exitCode).toBe(2);
    expect(errors.join('\n')).toContain("'--bogus'");
  });

  it('prints what serve does under --help', async () => {
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));

    await main(['serve', '--help']);

    expect(lines.join('\n')).toContain('Serves the GraphQL API');
  });
});
