import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from './usage-error';

/** An option of a subcommand, with the text `--help` shows for it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly default?: string;
}

/**
 * Parses a subcommand's arguments strictly: an unknown option or a stray positional argument is
 * a `UsageError`. Returns undefined when `--help` was asked for, after printing the help.
 */
export function parseCommandArguments(
  args: string[],
  usage: string,
  options: Record<string, OptionSpec>,
): Record<string, string | boolean | undefined> | undefined {
  const config: ParseArgsConfig = {
    args,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [name, { type: spec.type }]),
      ),
    },
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs(config).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(helpText(usage, options));
    return undefined;
  }
  for (const [name, spec] of Object.entries(options)) {
    if (values[name] === undefined && spec.default !== undefined) values[name] = spec.default;
  }
  return values;
}

/** Reads a whole-number option, or fails naming the option and the value. */
export function integerOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (
    typeof raw !== 'string' ||
    !Number.isInteger(value) ||
    value < range.min ||
    value > range.max
  ) {
    throw new UsageError(
      `--${name} must be a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}.`,
    );
  }
  return value;
}

function helpText(usage: string, options: Record<string, OptionSpec>): string {
  const lines = Object.entries(options).map(([name, spec]) => {
    const flag = spec.type === 'string' ? `--${name} <value>` : `--${name}`;
    const fallback = spec.default === undefined ? '' : ` (default: ${spec.default})`;
    return `  ${flag.padEnd(26)}${spec.description}${fallback}`;
  });
  lines.push(`  ${'-h, --help'.padEnd(26)}Show this help.`);
  return `${usage}\n\nOptions:\n${lines.join('\n')}`;
}
