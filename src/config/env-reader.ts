import type { ConfigurationProblem } from './configuration-error';

/**
 * Reads typed values from an environment and collects what is wrong instead of throwing, so
 * that `loadConfig` can report every problem at once. A variable set to an empty string counts
 * as unset. Values are quoted in problems only for non-secret variables, which is all of the
 * typed ones; credentials are read with `optionalString`, which never reports a value.
 */
export class EnvReader {
  readonly problems: ConfigurationProblem[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  problem(variable: string, message: string): void {
    this.problems.push({ variable, message });
  }

  optionalString(variable: string): string | undefined {
    const value = this.env[variable];
    return value === undefined || value.trim() === '' ? undefined : value;
  }

  string(variable: string, fallback: string): string {
    return this.optionalString(variable) ?? fallback;
  }

  integer(variable: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.optionalString(variable);
    if (raw === undefined) return fallback;
    const value = Number(raw.trim());
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      this.problem(
        variable,
        `must be a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`,
      );
      return fallback;
    }
    return value;
  }

  oneOf<const T extends readonly string[]>(variable: string, allowed: T, fallback: T[number]) {
    const raw = this.optionalString(variable);
    if (raw === undefined) return fallback;
    const value = raw.trim().toLowerCase();
    if (!allowed.includes(value)) {
      this.problem(variable, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value as T[number];
  }

  url(variable: string, fallback: string): string {
    const raw = this.optionalString(variable);
    if (raw === undefined) return fallback;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      this.problem(
        variable,
        `must be an http(s) URL such as https://reporting.fyber.com, got ${JSON.stringify(raw)}`,
      );
      return fallback;
    }
  }
}
