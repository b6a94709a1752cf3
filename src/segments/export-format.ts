import { registerEnumType } from 'type-graphql';

/** How an exported segment is written. */
export enum ExportFormat {
  CSV = 'CSV',
  NDJSON = 'NDJSON',
}

registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'The file format of a segment export.',
  valuesConfig: {
    CSV: {
      description:
        'RFC 4180 CSV, UTF-8, CRLF line ends, one header line, then one line per user; several advertising ids are separated by ";".',
    },
    NDJSON: {
      description:
        'Newline-delimited JSON: one object per user and line; revenueUsd is a decimal string so no digit is lost.',
    },
  },
});

/**
 * One user of an exported segment, over the days the export reads and the rows its filter keeps.
 * Revenue is exact decimal text in USD without trailing zeros ('12.5', '0'); days are UTC.
 */
export interface SegmentMember {
  readonly userId: string;
  /** The advertising ids on the rows read, sorted; empty when none. */
  readonly advertisingIds: string[];
  readonly revenue: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  /** UTC days with at least one row read. */
  readonly activeDays: number;
  /** The earliest and latest UTC day with a row read. */
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** How one format turns members into text, and how its file is announced over HTTP. */
export interface ExportEncoding {
  readonly contentType: string;
  readonly extension: string;
  /** Text before the first member ('' when the format has none). */
  readonly preamble: string;
  /** The lines of a batch of members, each ending with its line break. */
  encode(members: readonly SegmentMember[]): string;
}

/** The encoding of each format. */
export const EXPORT_ENCODINGS: Record<ExportFormat, ExportEncoding> = {
  [ExportFormat.CSV]: {
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
    preamble:
      'user_id,advertising_ids,revenue_usd,impressions,clicks,conversions,active_days,first_seen,last_seen\r\n',
    encode: (members) => members.map(csvLine).join(''),
  },
  [ExportFormat.NDJSON]: {
    contentType: 'application/x-ndjson; charset=utf-8',
    extension: 'ndjson',
    preamble: '',
    encode: (members) => members.map(jsonLine).join(''),
  },
};

// Values are written as they are stored: no spreadsheet-formula escaping, so ids survive exactly.
function csvLine(member: SegmentMember): string {
  const fields = [
    csvField(member.userId),
    csvField(member.advertisingIds.join(';')),
    member.revenue,
    member.impressions,
    member.clicks,
    member.conversions,
    member.activeDays,
    member.firstSeen,
    member.lastSeen,
  ];
  return `${fields.join(',')}\r\n`;
}

/** A text field, quoted (quotes doubled) only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function jsonLine(member: SegmentMember): string {
  const line = {
    userId: member.userId,
    advertisingIds: member.advertisingIds,
    revenueUsd: member.revenue,
    impressions: member.impressions,
    clicks: member.clicks,
    conversions: member.conversions,
    activeDays: member.activeDays,
    firstSeen: member.firstSeen,
    lastSeen: member.lastSeen,
  };
  return `${JSON.stringify(line)}\n`;
}
