/**
 * Pieces of the Prometheus text exposition format (version 0.0.4): the content type, escaping of
 * HELP text and label values, and number formatting. Kept apart from the metric types so the
 * format's rules live in one place.
 */

/** The content type scrapers expect for the text format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Metric and label names: letters, digits and underscores, not starting with a digit. */
const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Throws unless `name` is a valid metric or label name; names come from our code, not clients. */
export function assertMetricName(name: string): void {
  if (!NAME.test(name) || name.startsWith('__')) {
    throw new RangeError(
      `Metric or label name ${JSON.stringify(name)} is not valid: use letters, digits and underscores, not starting with a digit or "__".`,
    );
  }
}

/** HELP text: backslash and line feed are escaped. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A label value: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `{a="x",b="y"}`, or '' without labels; names and values are paired by position. */
export function formatLabels(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  const pairs = names.map((name, i) => `${name}="${escapeLabelValue(values[i] ?? '')}"`);
  return `{${pairs.join(',')}}`;
}

/** A sample value as the format writes it: +Inf, -Inf, NaN or a plain JS number. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
