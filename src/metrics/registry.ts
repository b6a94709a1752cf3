import { assertMetricName, escapeHelp, formatLabels, formatValue } from './exposition';

/** What every metric is declared with; label names are fixed at declaration. */
export interface MetricOptions<L extends string> {
  /** The series name, e.g. `ltv_graphql_requests_total` (counters end in `_total`). */
  readonly name: string;
  /** One line saying what is counted or measured, and in which unit. */
  readonly help: string;
  readonly labelNames?: readonly L[];
}

/** The label values of one series, by label name. */
export type LabelValues<L extends string> = Readonly<Record<L, string>>;

/**
 * The common part of counters, gauges and histograms: one name, fixed label names, and one
 * state per distinct combination of label values. Callers bound the values they pass (see
 * `LabelCap`): every distinct combination is a series held for the life of the process.
 */
abstract class Metric<L extends string, State> {
  readonly name: string;
  private readonly help: string;
  protected readonly labelNames: readonly L[];
  private readonly series = new Map<string, { values: string[]; state: State }>();

  constructor(
    private readonly type: 'counter' | 'gauge' | 'histogram',
    options: MetricOptions<L>,
  ) {
    assertMetricName(options.name);
    for (const label of options.labelNames ?? []) assertMetricName(label);
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
  }

  /** The metric's block of the exposition: HELP, TYPE and one or more lines per series. */
  render(): string {
    const lines = [
      `# HELP ${this.name} ${escapeHelp(this.help)}`,
      `# TYPE ${this.name} ${this.type}`,
    ];
    // A metric without labels always shows its one series, at zero before anything happened.
    if (this.labelNames.length === 0) this.stateOf({} as LabelValues<L>);
    for (const { values, state } of this.series.values()) {
      lines.push(...this.sampleLines(values, state));
    }
    return lines.join('\n');
  }

  protected abstract initialState(): State;

  protected abstract sampleLines(values: readonly string[], state: State): string[];

  protected stateOf(labels: LabelValues<L>): State {
    const values = this.labelNames.map((name) => String(labels[name] ?? ''));
    const key = JSON.stringify(values);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { values, state: this.initialState() };
      this.series.set(key, entry);
    }
    return entry.state;
  }

  protected line(
    suffix: string,
    names: readonly string[],
    values: readonly string[],
    value: number,
  ) {
    return `${this.name}${suffix}${formatLabels(names, values)} ${formatValue(value)}`;
  }
}

/** A count that only goes up (requests, errors, rows loaded). */
export class Counter<L extends string = never> extends Metric<L, { value: number }> {
  constructor(options: MetricOptions<L>) {
    super('counter', options);
  }

  /** Adds `amount` (default 1, never negative) to the series of `labels`. */
  inc(labels: LabelValues<L> = {} as LabelValues<L>, amount = 1): void {
    if (!(amount >= 0)) throw new RangeError(`Counter ${this.name} cannot add ${amount}.`);
    this.stateOf(labels).value += amount;
  }

  protected initialState() {
    return { value: 0 };
  }

  protected sampleLines(values: readonly string[], state: { value: number }): string[] {
    return [this.line('', this.labelNames, values, state.value)];
  }
}

/**
 * A value that goes up and down. Either set by the code that knows it, or, with `collect`, read
 * at every scrape (for values that already live elsewhere, such as pulls in flight).
 */
export class Gauge<L extends string = never> extends Metric<L, { value: number }> {
  constructor(
    options: MetricOptions<L>,
    private readonly collect?: () => number,
  ) {
    super('gauge', options);
  }

  set(labels: LabelValues<L>, value: number): void {
    this.stateOf(labels).value = value;
  }

  override render(): string {
    if (this.collect) this.set({} as LabelValues<L>, this.collect());
    return super.render();
  }

  protected initialState() {
    return { value: 0 };
  }

  protected sampleLines(values: readonly string[], state: { value: number }): string[] {
    return [this.line('', this.labelNames, values, state.value)];
  }
}

interface HistogramState {
  /** Observations per bucket, not cumulative; index `buckets.length` is above the last bound. */
  readonly counts: number[];
  sum: number;
  count: number;
}

/** A distribution over fixed upper bounds (durations in seconds), with sum and count. */
export class Histogram<L extends string = never> extends Metric<L, HistogramState> {
  private readonly buckets: readonly number[];

  constructor(options: MetricOptions<L> & { readonly buckets: readonly number[] }) {
    super('histogram', options);
    const sorted = options.buckets.every((bound, i) => i === 0 || bound > options.buckets[i - 1]);
    if (options.buckets.length === 0 || !sorted || !options.buckets.every(Number.isFinite)) {
      throw new RangeError(`Histogram ${options.name} needs finite, increasing bucket bounds.`);
    }
    if ((this.labelNames as readonly string[]).includes('le')) {
      throw new RangeError(`Histogram ${options.name} cannot have a label named "le".`);
    }
    this.buckets = options.buckets;
  }

  /** Records one observation in the series of `labels`. */
  observe(labels: LabelValues<L>, value: number): void {
    const state = this.stateOf(labels);
    const index = this.buckets.findIndex((bound) => value <= bound);
    state.counts[index === -1 ? this.buckets.length : index] += 1;
    state.sum += value;
    state.count += 1;
  }

  protected initialState(): HistogramState {
    return { counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
  }

  protected sampleLines(values: readonly string[], state: HistogramState): string[] {
    const names = [...this.labelNames, 'le'];
    const lines: string[] = [];
    let cumulative = 0;
    this.buckets.forEach((bound, i) => {
      cumulative += state.counts[i];
      lines.push(this.line('_bucket', names, [...values, formatValue(bound)], cumulative));
    });
    lines.push(this.line('_bucket', names, [...values, '+Inf'], state.count));
    lines.push(this.line('_sum', this.labelNames, values, state.sum));
    lines.push(this.line('_count', this.labelNames, values, state.count));
    return lines;
  }
}

/** The metrics of one process, rendered together for `/metrics`. */
export class MetricsRegistry {
  private readonly metrics = new Map<string, { render(): string }>();

  counter<L extends string = never>(options: MetricOptions<L>): Counter<L> {
    return this.add(new Counter<L>(options));
  }

  gauge<L extends string = never>(options: MetricOptions<L>, collect?: () => number): Gauge<L> {
    return this.add(new Gauge<L>(options, collect));
  }

  histogram<L extends string = never>(
    options: MetricOptions<L> & { readonly buckets: readonly number[] },
  ): Histogram<L> {
    return this.add(new Histogram<L>(options));
  }

  /** Every metric in declaration order, in the text exposition format, ending with a newline. */
  render(): string {
    return `${[...this.metrics.values()].map((metric) => metric.render()).join('\n')}\n`;
  }

  private add<M extends { name: string; render(): string }>(metric: M): M {
    if (this.metrics.has(metric.name)) {
      throw new RangeError(`Metric ${metric.name} is already registered.`);
    }
    this.metrics.set(metric.name, metric);
    return metric;
  }
}
