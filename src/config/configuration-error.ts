import { LtvError } from '../errors/ltv-error';

/** One environment variable that is missing or malformed, and what it should be. */
export interface ConfigurationProblem {
  readonly variable: string;
  readonly message: string;
}

/** The environment cannot run the service; `problems` lists every variable at fault. */
export class ConfigurationError extends LtvError {
  readonly problems: readonly ConfigurationProblem[];

  constructor(problems: readonly ConfigurationProblem[]) {
    const lines = problems.map((problem) => `  ${problem.variable} ${problem.message}`);
    super('CONFIGURATION_INVALID', `Invalid configuration:\n${lines.join('\n')}`);
    this.problems = problems;
  }
}
