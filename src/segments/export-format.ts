import { registerEnumType } from 'type-graphql';

/** How an exported segment is written. */
export enum ExportFormat {
  CSV = 'CSV',
  NDJSON = 'NDJSON',
}

registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description:
    'The file format of a segment export. Either lists, per user: user id, advertising ids, revenue in USD (exact decimal text), impressions, clicks, conversions, active days, and the first and last UTC day seen, all over the rows the export reads.',
  valuesConfig: {
    CSV: {
      description:
        'RFC 4180 CSV in UTF-8 with CRLF line ends and a header line: user_id, advertising_ids (separated by ";"), revenue_usd, impressions, clicks, conversions, active_days, first_seen, last_seen.',
    },
    NDJSON: {
      description:
        'Newline-delimited JSON, one object per user: userId, advertisingIds, revenueUsd (a decimal string, so no digit is lost), impressions, clicks, conversions, activeDays, firstSeen, lastSeen.',
    },
  },
});

/**
 * The per-user columns an export line is made from, as the export reader names them. Revenue is
 * DECIMAL in USD, the counts are integers, the days DATEs, advertising_ids a sorted VARCHAR list.
 */
const REVENUE_TEXT = `rtrim(rtrim(CAST(revenue AS VARCHAR), '0'), '.')`;

/**
 * How one format is written. DuckDB writes each line (`lineSql`, an expression over the per-user
 * columns, built only from fixed text) so a batch reaches JS as finished strings: converting
 * nine values per user in JS was three times slower.
 */
export interface ExportEncoding {
  readonly contentType: string;
  readonly extension: string;
  /** Text before the first line ('' when the format has none). */
  readonly preamble: string;
  /** What ends every line, the last one included. */
  readonly lineEnd: string;
  /** A SQL expression giving one user's line, without its line end. */
  readonly lineSql: string;
}

/** The encoding of each format. */
export const EXPORT_ENCODINGS: Record<ExportFormat, ExportEncoding> = {
  [ExportFormat.CSV]: {
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
    preamble:
      'user_id,advertising_ids,revenue_usd,impressions,clicks,conversions,active_days,first_seen,last_seen\r\n',
    lineEnd: '\r\n',
    // Every part is non-null (concat_ws would drop a null one, and its comma with it).
    // Values are written as stored: no spreadsheet-formula escaping, so ids survive exactly.
    lineSql: `concat_ws(',',
      ${csvFieldSql('user_id')},
      ${csvFieldSql(`array_to_string(advertising_ids, ';')`)},
      ${REVENUE_TEXT}, impressions, clicks, conversions, active_days, first_seen, last_seen)`,
  },
  [ExportFormat.NDJSON]: {
    contentType: 'application/x-ndjson; charset=utf-8',
    extension: 'ndjson',
    preamble: '',
    lineEnd: '\n',
    lineSql: `CAST(to_json(struct_pack(
      userId := user_id,
      advertisingIds := advertising_ids,
      revenueUsd := ${REVENUE_TEXT},
      impressions := impressions,
      clicks := clicks,
      conversions := conversions,
      activeDays := active_days,
      firstSeen := first_seen,
      lastSeen := last_seen)) AS VARCHAR)`,
  },
};

/** RFC 4180 quoting in SQL: quoted, with quotes doubled, only when holding , " CR or LF. */
function csvFieldSql(text: string): string {
  return `CASE WHEN regexp_matches(${text}, '[",\\r\\n]')
            THEN '"' || replace(${text}, '"', '""') || '"' ELSE ${text} END`;
}
