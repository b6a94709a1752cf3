/**
 * The built-in simulator of Digital Turbine's User Level Reporting API: an HTTP server for
 * tests, the CLI's `simulate` command and the gateway's demo mode, plus the pure generator of
 * a day's file for tests and benchmarks that need the expected bytes without HTTP.
 */
export { startSimulator, type RunningSimulator } from './server';
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  InvalidSimulatorOptionsError,
  type NotReadyAnswer,
  type SimulatorOptions,
} from './options';
export { SimulatorClock } from './clock';
export { SimulatorCounters, type DayCounters } from './counters';
export { SimulatorFaults, type CountedFault } from './faults';
export {
  dayCsv,
  MASKED_USER_ID,
  MISSING_VALUE,
  type DayCsvOptions,
  type FileDefects,
} from './csv/day-csv';
export { DEFAULT_COLUMNS, type CsvColumn, type RowField } from './csv/columns';
export { APPS, COUNTRIES } from './population/catalogue';
