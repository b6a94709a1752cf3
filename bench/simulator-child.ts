/**
 * The simulator in a process of its own, so that generating a file does not take CPU from the
 * gateway's process being measured: `node simulator-child.js <users> <seed> [fileCacheDir]`
 * prints its URL as one line, then serves until its standard input closes. With a cache
 * directory it renders each day's file once, when first requested, and serves the finished
 * file from disk afterwards, as the vendor serves a file it has prepared.
 */
import { startSimulator } from '../src/simulator';

async function main(): Promise<void> {
  const simulator = await startSimulator({
    users: Number(process.argv[2]),
    seed: Number(process.argv[3]),
    readyAfterMs: 0,
    fileCacheDir: process.argv[4],
  });
  process.stdout.write(`${simulator.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void simulator.close());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
