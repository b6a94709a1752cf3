import { readFile, writeFile } from 'node:fs/promises';

import { printGatewaySdl } from '../graphql/schema';
import { parseCommandArguments } from './arguments';

const USAGE = `Usage: ltv-gateway schema [--out FILE | --check FILE]

Prints the subgraph's SDL (Apollo Federation 2, with its directives): what to publish
to a schema registry or compose into a supergraph. With --out it writes the file; with
--check it exits 1 when the file differs from what the code builds.`;

const OPTIONS = {
  out: { type: 'string', description: 'Write the SDL to this file instead of printing it.' },
  check: { type: 'string', description: 'Compare this file with the SDL; exit 1 if it differs.' },
} as const;

/** `ltv-gateway schema`: prints, writes or checks the subgraph SDL. */
export async function runSchema(args: string[]): Promise<number> {
  const values = parseCommandArguments(args, USAGE, OPTIONS);
  if (!values) return 0;
  const sdl = await printGatewaySdl();

  if (typeof values.check === 'string') {
    const committed = await readFile(values.check, 'utf8').catch(() => '');
    if (committed === sdl) return 0;
    console.error(
      `${values.check} differs from the schema the code builds; run \`npm run schema:write\` and commit it.`,
    );
    return 1;
  }
  if (typeof values.out === 'string') {
    await writeFile(values.out, sdl);
    return 0;
  }
  process.stdout.write(sdl);
  return 0;
}
