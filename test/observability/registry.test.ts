import { GatewayMetrics, MAX_OPERATION_LABELS } from '../../src/metrics/gateway-metrics';
import { LabelCap } from '../../src/metrics/label-cap';
import { MetricsRegistry } from '../../src/metrics/registry';
import { parseScrape } from './prometheus-text';

describe('MetricsRegistry', () => {
  it('writes HELP, TYPE and samples of counters and gauges in the text format', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter<'route'>({
      name: 'app_requests_total',
      help: 'Requests.',
      labelNames: ['route'],
    });
    registry.gauge({ name: 'app_queue', help: 'Waiting.' }, () => 3);
    requests.inc({ route: '/a' });
    requests.inc({ route: '/a' }, 2);
    requests.inc({ route: '/b' });

    expect(registry.render()).toBe(
      [
        '# HELP app_requests_total Requests.',
        '# TYPE app_requests_total counter',
        'app_requests_total{route="/a"} 3',
        'app_requests_total{route="/b"} 1',
        '# HELP app_queue Waiting.',
        '# TYPE app_queue gauge',
        'app_queue 3',
        '',
      ].join('\n'),
    );
  });

  it('escapes backslashes, quotes and line feeds in label values and HELP text', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter<'name'>({
      name: 'odd_total',
      help: 'Path C:\\x\nsecond line',
      labelNames: ['name'],
    });
    counter.inc({ name: 'a"b\\c\nd' });
    const text = registry.render();

    expect(text).toContain('# HELP odd_total Path C:\\\\x\\nsecond line\n');
    expect(text).toContain('odd_total{name="a\\"b\\\\c\\nd"} 1\n');
    expect(parseScrape(text).value('odd_total', { name: 'a"b\\c\nd' })).toBe(1);
  });

  it('keeps histogram buckets cumulative, with +Inf, sum and count', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram<'step'>({
      name: 'work_seconds',
      help: 'Work.',
      labelNames: ['step'],
      buckets: [0.1, 1, 10],
    });
    for (const seconds of [0.05, 0.1, 0.5, 2, 20]) histogram.observe({ step: 'x' }, seconds);
    const scrape = parseScrape(registry.render());

    const bucket = (le: string) => scrape.value('work_seconds_bucket', { step: 'x', le });
    expect([bucket('0.1'), bucket('1'), bucket('10'), bucket('+Inf')]).toEqual([2, 3, 4, 5]);
    expect(scrape.value('work_seconds_sum', { step: 'x' })).toBeCloseTo(22.65, 10);
    expect(scrape.value('work_seconds_count', { step: 'x' })).toBe(5);
    expect(scrape.types.get('work_seconds')).toBe('histogram');
  });

  it('shows a metric without labels at zero before anything is recorded', () => {
    const registry = new MetricsRegistry();
    registry.counter({ name: 'nothing_total', help: 'Nothing yet.' });
    registry.histogram({ name: 'idle_seconds', help: 'Idle.', buckets: [1] });
    const scrape = parseScrape(registry.render());

    expect(scrape.value('nothing_total')).toBe(0);
    expect(scrape.value('idle_seconds_count')).toBe(0);
    expect(scrape.value('idle_seconds_bucket', { le: '+Inf' })).toBe(0);
  });

  it('refuses invalid names, a name registered twice, negative increments and bad buckets', () => {
    const registry = new MetricsRegistry();
    registry.counter({ name: 'once_total', help: '.' });

    expect(() => registry.counter({ name: 'once_total', help: '.' })).toThrow(RangeError);
    expect(() => registry.counter({ name: '9lives', help: '.' })).toThrow(RangeError);
    expect(() => registry.counter({ name: 'a_total', help: '.', labelNames: ['a-b'] })).toThrow(
      RangeError,
    );
    expect(() => registry.counter({ name: 'b_total', help: '.' }).inc({}, -1)).toThrow(RangeError);
    expect(() => registry.histogram({ name: 'h', help: '.', buckets: [2, 1] })).toThrow(RangeError);
  });
});

describe('LabelCap', () => {
  it('keeps the first values and folds later new ones into other', () => {
    const cap = new LabelCap(2, 5);

    expect(['a', 'b', 'c', 'a', 'abcdefgh', 'b'].map((value) => cap.label(value))).toEqual([
      'a',
      'b',
      'other',
      'a',
      'other',
      'b',
    ]);
  });
});

describe('GatewayMetrics', () => {
  it('bounds the operation names it labels, whatever clients send', () => {
    const metrics = new GatewayMetrics();
    for (let i = 0; i < MAX_OPERATION_LABELS + 50; i++) metrics.recordOperation(`Op${i}`, 0.01);
    metrics.recordOperation(null, 0.01);
    metrics.recordOperation(undefined, 0.01);
    const scrape = parseScrape(metrics.render());

    const operations = scrape.find('ltv_graphql_requests_total').map((s) => s.labels.operation);
    expect(operations).toHaveLength(MAX_OPERATION_LABELS + 3);
    expect(scrape.value('ltv_graphql_requests_total', { operation: 'other' })).toBe(50);
    expect(scrape.value('ltv_graphql_requests_total', { operation: 'Op0' })).toBe(1);
    expect(scrape.value('ltv_graphql_requests_total', { operation: 'anonymous' })).toBe(1);
    expect(scrape.value('ltv_graphql_requests_total', { operation: 'unresolved' })).toBe(1);
  });
});
