// What the emulator received, for tests to assert on. Keys never appear in it: the Authorization
// value is replaced by whether it matched, and any body string equal to a key is masked.
import type { IncomingMessage } from 'node:http';
import type { Outcome } from './responses';
import type { AuthResult } from './validation';

export interface LoggedRequest {
  /** Same value as the response's `x-request-id`. */
  id: string;
  /** `api` (the API origin) or `files` (the download origin used by URL answers). */
  listener: 'api' | 'files';
  /** ISO time the request arrived. */
  time: string;
  method: string;
  /** Path with query string. */
  path: string;
  host?: string;
  origin?: string;
  /** Lower-case header names; `authorization` reads `[redacted: valid|invalid]`. */
  headers: Record<string, string>;
  /** Whether an Authorization header came, and whether it carried a configured key. */
  authorization: AuthResult;
  /** Parsed JSON body (generation requests). */
  body?: unknown;
  /** The body's first 2 KB when it was not JSON. */
  rawBody?: string;
  /** Scenario that answered, and where it came from. */
  scenario?: string;
  scenarioSource?: 'directive' | 'queue' | 'default' | 'none';
  status?: number;
  outcome?: Outcome | 'dropped_before_headers' | 'refused';
  bytesSent?: number;
  /** True when `GET /v1/usage` counts this generation as billed (a successful request and its cost). */
  billed?: boolean;
  /** SHA-256 of each video sent in the answer (null for files too large to hash). */
  videoSha256?: Array<string | null>;
  durationMs?: number;
  /** Generation requests only: how many were being answered when this one arrived, itself included. */
  generationsInFlight?: number;
}

const MAX_LOGGED_STRING = 16 * 1024;

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(
    private readonly keys: readonly string[],
    private readonly max: number,
  ) {}

  add(req: IncomingMessage, id: string, listener: LoggedRequest['listener'], auth: AuthResult): LoggedRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers[name] = name === 'authorization' ? `[redacted: ${auth}]` : Array.isArray(value) ? value.join(', ') : value;
    }
    const entry: LoggedRequest = {
      id,
      listener,
      time: new Date().toISOString(),
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      authorization: auth,
    };
    if (req.headers.host) entry.host = req.headers.host;
    if (typeof req.headers.origin === 'string') entry.origin = req.headers.origin;
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return entry;
  }

  setBody(entry: LoggedRequest, parsed: { json: unknown } | { text: string }): void {
    if ('json' in parsed) entry.body = this.mask(parsed.json);
    else entry.rawBody = this.maskText(parsed.text.slice(0, 2048));
  }

  list(): LoggedRequest[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
  }

  private maskText(s: string): string {
    let out = s;
    for (const k of this.keys) if (k) out = out.split(k).join('[redacted]');
    return out;
  }

  private mask(v: unknown): unknown {
    // Long strings are cut so a flood of big prompts cannot grow the log without bound.
    if (typeof v === 'string')
      return this.maskText(
        v.length > MAX_LOGGED_STRING ? `${v.slice(0, MAX_LOGGED_STRING)}…[${v.length - MAX_LOGGED_STRING} more chars]` : v,
      );
    if (Array.isArray(v)) return v.map((x) => this.mask(x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.mask(x)]));
    }
    return v;
  }
}
