import { type Config, loadConfig, type LoadConfigOptions } from '../config/config';
import { ConfigurationError } from '../config/configuration-error';

/** Reads the configuration, or prints every problem and returns undefined (the caller exits 1). */
export function readConfigOrReport(options: LoadConfigOptions = {}): Config | undefined {
  try {
    return loadConfig(process.env, options);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    return undefined;
  }
}
