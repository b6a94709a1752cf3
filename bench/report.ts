import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

import type { CaseResult } from './result';

/** Facts about the run printed above the table. */
export interface RunFacts {
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly duckdbVersion: string;
  /** One-minute load average when the run started and ended. */
  readonly loadAtStart: number;
  readonly loadAtEnd: number;
  /** The data sizes, in words. */
  readonly data: readonly string[];
  readonly command: string;
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/**
 * Writes the results between the markers of `path`, keeping everything around them (the notes
 * on what was tried); creates the file with just the results when it does not exist.
 */
export function writeReport(path: string, facts: RunFacts, results: readonly CaseResult[]): void {
  const section = `${START}\n${renderResults(facts, results)}\n${END}`;
  if (!existsSync(path)) {
    writeFileSync(path, `# Benchmarks\n\n${section}\n`);
    return;
  }
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const updated =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, updated);
}

/** The results as Markdown: the machine, the data, then one table row per case. */
export function renderResults(facts: RunFacts, results: readonly CaseResult[]): string {
  const cpus = os.cpus();
  const missed = results.filter((result) => !result.met);
  const lines = [
    `Run of ${facts.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `${(facts.durationMs / 60_000).toFixed(1)} min: \`${facts.command}\`.`,
    '',
    `- Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, ` +
      `Node ${process.versions.node}, DuckDB ${facts.duckdbVersion}.`,
    `- Load average (1 min): ${facts.loadAtStart.toFixed(1)} at the start, ` +
      `${facts.loadAtEnd.toFixed(1)} at the end (other work shares the machine; ratios against ` +
      'the engine in the same run are what count).',
    ...facts.data.map((line) => `- ${line}`),
    '',
    '| case | ltv-gateway (median, min–max) | DuckDB alone, same run | ratio | target | met | note |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (result) =>
        `| ${result.name} | ${result.product} | ${result.engine} | ` +
        `${result.ratio === undefined ? '—' : `${result.ratio.toFixed(2)}×`} | ` +
        `${result.target} | ${result.met ? 'yes' : '**no**'} | ${result.note ?? ''} |`,
    ),
    '',
    missed.length === 0
      ? 'Every target met.'
      : `Missed: ${missed.map((result) => result.name).join(', ')}.`,
  ];
  return lines.join('\n');
}
