import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

import { requestIdMixin } from './request-scope';

export type { Logger };

/** How log lines are written: JSON for machines, or coloured lines for a terminal. */
export type LogFormat = 'json' | 'pretty';

/**
 * Creates the process's one logger; every module takes a child of it with one agreed key
 * (`{ module: 'upstream' }`). Lines written while a request's work runs carry its `requestId`
 * (see request-scope.ts). Secrets are redacted by path as a second line of defence: code never
 * puts them in log fields in the first place. `destination` replaces standard output (tests
 * that read the lines); it is ignored by the pretty format.
 */
export function createLogger(options: {
  level: LevelWithSilent;
  format: LogFormat;
  destination?: DestinationStream;
}): Logger {
  const settings = {
    level: options.level,
    mixin: requestIdMixin,
    redact: {
      paths: [
        'clientSecret',
        'accessToken',
        'authorization',
        '*.clientSecret',
        '*.accessToken',
        '*.authorization',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  if (options.format === 'pretty') {
    return pino(settings, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', sync: true }));
  }
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** A logger that writes nothing, for tests and tools that do not want output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
