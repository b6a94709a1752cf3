/**
 * The store: the only module that talks to DuckDB. Everything other modules need is exported
 * here; files under src/store are internal otherwise.
 */
export { IN_MEMORY, Store, storeFilePath, type StoreOptions } from './store';
export type { DayLoad, DayLoadRequest } from './day-loader';
export type { LoadedDay } from './catalogue';
export type { SyncJob, SyncJobInput, SyncJobState } from './sync-jobs';
export { SYNC_JOB_STATES, MONEY_TYPE } from './migrations';
export { userHashSql } from './user-hash';
export type { StatementEvent, StatementListener } from './statement-observer';
export type { StoreParam, StoreParams, StoreValue } from './value-conversion';
export { foldHeaderName, type ReportField } from './column-aliases';
export {
  CsvDayMismatchError,
  CsvHeaderError,
  CsvMalformedError,
  CsvValueError,
  InvalidReportDayError,
  ReportFileError,
  ReportFileUnreadableError,
  StatementTimeoutError,
  StoreClosedError,
  StoreOpenError,
  StoreQueryError,
  StoreSchemaTooNewError,
} from './errors';
