import { randomBytes } from 'node:crypto';

import type { Config } from '../config/config';
import { LtvError } from '../errors/ltv-error';
import type { Logger } from '../logging/logger';
import { openTicket, signTicket, type ExportTicket } from './export-token';

/** The path the export route answers on; the token travels in the `token` query parameter. */
export const EXPORT_PATH = '/exports';

/**
 * The most characters a token may have. Servers and proxies commonly refuse request lines over
 * 8 KiB; only a filter with hundreds of long values gets near this.
 */
export const MAX_TOKEN_CHARS = 6000;

/** The export's description does not fit in a link of acceptable length. */
export class ExportLinkTooLongError extends LtvError {
  constructor(readonly tokenChars: number) {
    super(
      'EXPORT_LINK_TOO_LONG',
      `The export's token would be ${tokenChars} characters long; at most ${MAX_TOKEN_CHARS} fit in a link.`,
      { context: { tokenChars } },
    );
  }
}

/** Settings of export links, from the configuration (`Config.exports`). */
export interface ExportLinkSettings {
  /** How long a link stays valid, in seconds (LTV_EXPORT_TTL_SECONDS). */
  readonly ttlSeconds: number;
  /** The HMAC key shared by every replica (LTV_EXPORT_SECRET); undefined: a random key. */
  readonly secret: string | undefined;
  /** The absolute base URL clients reach the service at (LTV_PUBLIC_URL), without a slash. */
  readonly publicUrl: string | undefined;
  /** The base used when neither a public URL nor a usable Host header is known. */
  readonly fallbackOrigin: string;
  /** The clock of expiry; default real time. */
  readonly now?: () => Date;
}

/** A link as handed to a client. */
export interface IssuedExportLink {
  readonly url: string;
  /** When the link stops working, ISO 8601 UTC. */
  readonly expiresAt: string;
}

/**
 * Issues and checks the signed, expiring links of segment exports, so that any replica can
 * serve a download without remembering anything about it.
 *
 * The key is LTV_EXPORT_SECRET. When that is unset, a random key is generated when the process
 * starts: links then work only on the replica that issued them and stop working when it restarts.
 *
 * Links are absolute. Their base is, in order: LTV_PUBLIC_URL (set it behind a proxy or TLS
 * terminator, since the service cannot know the address clients use); else `http://` plus the
 * request's Host header; else `fallbackOrigin` (the configured HOST and PORT), which only
 * operations run in-process, without an HTTP request, get.
 */
export class SegmentExportLinks {
  /** True when the key was generated at start-up rather than configured. */
  readonly ephemeralKey: boolean;
  private readonly key: Buffer;
  private readonly now: () => Date;

  constructor(private readonly settings: ExportLinkSettings) {
    this.ephemeralKey = settings.secret === undefined;
    this.key =
      settings.secret === undefined ? randomBytes(32) : Buffer.from(settings.secret, 'utf8');
    this.now = settings.now ?? (() => new Date());
  }

  /**
   * Signs a link to the export `ticket` describes, valid for the configured time from now.
   * `host` is the Host header of the request that asked for it, if any.
   */
  issue(ticket: Omit<ExportTicket, 'expiresAtMs'>, host: string | undefined): IssuedExportLink {
    // Whole seconds, so the expiry shown equals the one the token carries.
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const expiresAtMs = (nowSeconds + this.settings.ttlSeconds) * 1000;
    const token = signTicket({ ...ticket, expiresAtMs }, this.key);
    if (token.length > MAX_TOKEN_CHARS) throw new ExportLinkTooLongError(token.length);
    const url = new URL(`${this.origin(host)}${EXPORT_PATH}`);
    url.searchParams.set('token', token);
    return { url: url.toString(), expiresAt: new Date(expiresAtMs).toISOString() };
  }

  /** The ticket of a token; throws ExportTokenInvalidError or ExportTokenExpiredError. */
  open(token: string): ExportTicket {
    return openTicket(token, this.key, this.now().getTime());
  }

  private origin(host: string | undefined): string {
    if (this.settings.publicUrl !== undefined) return this.settings.publicUrl;
    if (host !== undefined && HOST_HEADER.test(host)) return `http://${host.toLowerCase()}`;
    return this.settings.fallbackOrigin;
  }
}

/** A host name or address with an optional port; anything else in Host is not trusted. */
const HOST_HEADER = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The export links of a gateway, from its configuration. Says at start-up when the key is
 * random, since links then die with the process (a warning in production, where that matters).
 */
export function openExportLinks(
  config: Config,
  logger: Logger,
  now?: () => Date,
): SegmentExportLinks {
  const host = config.server.host;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const links = new SegmentExportLinks({
    ...config.exports,
    fallbackOrigin: `http://${hostPart}:${config.server.port}`,
    now,
  });
  if (links.ephemeralKey) {
    const log = logger.child({ module: 'exports' });
    const fields = { variable: 'LTV_EXPORT_SECRET' };
    const message =
      'signing export links with a random key: they stop working on restart and other replicas refuse them';
    if (config.production) log.warn(fields, message);
    else log.info(fields, message);
  }
  return links;
}
