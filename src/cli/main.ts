// type-graphql reads decorator metadata as modules load, so the polyfill comes before them all.
import 'reflect-metadata';

import { runSchema } from './schema';
import { runServe } from './serve';
import { runSimulate } from './simulate';
import { runSync } from './sync';
import { UsageError } from './usage-error';

/** A subcommand: its one-line summary and how to run it with its own arguments. */
interface Command {
  readonly summary: string;
  readonly run: (args: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'Serve the GraphQL API (what `npm start` runs).', run: runServe },
  sync: { summary: 'Pull a range of report days from the vendor into the store.', run: runSync },
  schema: { summary: "Print the subgraph's SDL for a schema registry.", run: runSchema },
  simulate: {
    summary: "Run the simulator of Digital Turbine's User Level Reporting API alone.",
    run: runSimulate,
  },
};

const HELP = `Usage: ltv-gateway <command> [options]

Turns Digital Turbine's user-level revenue reports into a GraphQL API for revenue and LTV.

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)}${command.summary}`)
  .join('\n')}

Run \`ltv-gateway <command> --help\` for a command's options.`;

/**
 * The command line's entry point. Sets the exit code rather than calling `process.exit`, so that
 * a long-running command (serve, simulate) keeps the process alive until it is stopped.
 */
export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(
      `Unknown command "${name}". Expected one of: ${Object.keys(COMMANDS).join(', ')}.\n`,
    );
    console.error(HELP);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nRun \`ltv-gateway ${name} --help\` for its options.`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
