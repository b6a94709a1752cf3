import { describeConfig, loadConfig } from '../../src/config/config';
import { ConfigurationError } from '../../src/config/configuration-error';

describe('observability configuration', () => {
  it('leaves /metrics open and shuts down without delay by default', () => {
    expect(loadConfig({}).observability).toEqual({
      metricsToken: undefined,
      shutdownDelayMs: 0,
    });
  });

  it('reads the metrics token and the shutdown delay', () => {
    const config = loadConfig({
      LTV_METRICS_TOKEN: 'k8s-scraper-0123456789',
      LTV_SHUTDOWN_DELAY_MS: '5000',
    });

    expect(config.observability).toEqual({
      metricsToken: 'k8s-scraper-0123456789',
      shutdownDelayMs: 5000,
    });
  });

  it('shows only whether the token is set when the configuration is described', () => {
    const described = describeConfig(loadConfig({ LTV_METRICS_TOKEN: 'k8s-scraper-0123456789' }));

    expect(described.observability).toEqual({ metricsToken: 'set', shutdownDelayMs: 0 });
    expect(JSON.stringify(described)).not.toContain('k8s-scraper');
  });

  it('refuses a short or spaced token without quoting it, and a delay out of range', () => {
    for (const token of ['short', 'has a space in the middle']) {
      let error: unknown;
      try {
        loadConfig({ LTV_METRICS_TOKEN: token, LTV_SHUTDOWN_DELAY_MS: '-1' });
      } catch (caught) {
        error = caught;
      }

      expect(error).toBeInstanceOf(ConfigurationError);
      const problems = (error as ConfigurationError).problems;
      expect(problems.map((problem) => problem.variable).sort()).toEqual([
        'LTV_METRICS_TOKEN',
        'LTV_SHUTDOWN_DELAY_MS',
      ]);
      expect((error as Error).message).not.toContain(token);
    }
  });
});
