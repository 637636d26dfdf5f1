// The provider's usage (GET /usage), read when it is worth reading: on demand, 2 s after the last of
// the generations that just finished, and when the Usage & Spend view comes into sight with a reading
// older than a minute, never on a loop and never while the view is hidden (see usageSchedule.ts).
// One reading is kept per base URL: switching servers shows that server's, not the other's. A
// failure is a reading too (no key, no endpoint, a refused key, a network error), said in plain
// words; the key never appears in it.
import * as vscode from 'vscode';
import { fetchUsage, type UsageFetch } from '../api/usage';
import { accountId, type ProviderSpend } from './providerSpend';
import { VideoGenError } from '../api/errors';
import { redactSecret } from '../api/redact';
import { readSettings } from '../config/settings';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { plainText } from '../shared/plainText';
import { RefreshSchedule, type RefreshScheduleOptions, type UsageReading } from './usageSchedule';

export interface UsageServiceDeps {
  keys: ApiKeyStore;
  /** Finished generations move the provider's counters. */
  onDidFinishGeneration: vscode.Event<unknown>;
  /** Where the key lives: a new or cleared key means a new reading. */
  secrets?: vscode.SecretStorage;
  log: vscode.LogOutputChannel;
  userAgent: string;
  /** Keeps the cumulative cost each reading gives, for the dollar budgets. */
  providerSpend?: ProviderSpend;
  /** For tests. */
  fetch?: typeof fetchUsage;
  schedule?: RefreshScheduleOptions;
}

const MAX_SERVER_TEXT = 200;

export class UsageService implements vscode.Disposable {
  private readonly readings = new Map<string, UsageReading>();
  private readonly schedule: RefreshSchedule;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The reading (or whether one is under way) changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly abort = new AbortController();

  constructor(private readonly deps: UsageServiceDeps) {
    this.schedule = new RefreshSchedule(() => this.read(), deps.schedule);
    this.subscriptions.push(
      deps.onDidFinishGeneration(() => this.schedule.changed()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('videoGen.baseUrl')) return;
        this.changed.fire();
        if (!this.current) this.schedule.changed();
      }),
    );
    if (deps.secrets) {
      this.subscriptions.push(
        deps.secrets.onDidChange((e) => {
          if (e.key !== 'videoGen.apiKey') return;
          this.readings.clear();
          this.changed.fire();
          this.schedule.changed();
        }),
      );
    }
  }

  /** The last reading for the base URL in use, if any. */
  get current(): UsageReading | undefined {
    return this.readings.get(readSettings().baseUrl);
  }

  /** A reading is under way. */
  get busy(): boolean {
    return this.schedule.busy;
  }

  /** Reads now (or joins the read under way) and resolves with the reading. */
  async refresh(): Promise<UsageReading | undefined> {
    await this.schedule.refresh();
    return this.current;
  }

  /** The view showing the usage was shown or hidden. */
  setVisible(visible: boolean): void {
    this.schedule.setVisible(visible);
  }

  private async read(): Promise<void> {
    const settings = readSettings();
    const baseUrl = settings.baseUrl;
    this.changed.fire();
    const before = this.readings.get(baseUrl);
    let apiKey: string | undefined;
    try {
      apiKey = await this.deps.keys.get();
      if (!apiKey) {
        this.store(baseUrl, { kind: 'noKey', at: new Date().toISOString() });
        return;
      }
      const fetched: UsageFetch = await (this.deps.fetch ?? fetchUsage)(
        {
          baseUrl,
          apiKey,
          connection: settings.network,
          userAgent: this.deps.userAgent,
        },
        this.abort.signal,
      );
      const at = fetched.available ? fetched.report.readAt : new Date().toISOString();
      const cost = fetched.available ? fetched.report.cumulativeCostUsd?.value : undefined;
      if (cost !== undefined) await this.deps.providerSpend?.record(accountId(baseUrl, apiKey), cost, new Date(at));
      this.store(baseUrl, { kind: 'read', fetch: fetched, at });
      this.deps.log.info(
        fetched.available
          ? `Usage: read from ${baseUrl}/usage (${fetched.report.sections.join(', ') || 'no known section'})`
          : `Usage: ${baseUrl} has no usage endpoint (HTTP ${fetched.status})`,
      );
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.store(baseUrl, failure(err, apiKey, before));
    }
  }

  private store(baseUrl: string, reading: UsageReading): void {
    this.readings.set(baseUrl, reading);
    if (reading.kind === 'failed') this.deps.log.warn(`Usage: could not read ${baseUrl}/usage: ${reading.code}: ${reading.summary}`);
    this.changed.fire();
  }

  dispose(): void {
    this.abort.abort();
    this.schedule.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** A failure in plain words; the last good figures stay (marked as older) unless the key was refused. */
export function failure(err: unknown, apiKey: string | undefined, before: UsageReading | undefined): UsageReading {
  const clean = (text: string): string => plainText(redactSecret(text, apiKey));
  const at = new Date().toISOString();
  const previous =
    before?.kind === 'read' && before.fetch.available
      ? { fetch: before.fetch, at: before.at }
      : before?.kind === 'failed'
        ? before.previous
        : undefined;
  if (err instanceof VideoGenError) {
    let action = err.action;
    if (err.serverMessage) {
      const said = err.serverMessage.length > MAX_SERVER_TEXT ? err.serverMessage.slice(0, MAX_SERVER_TEXT - 1) + '…' : err.serverMessage;
      action = `${action} ${vscode.l10n.t('The server said: “{0}”', said)}`;
    }
    return {
      kind: 'failed',
      summary: clean(err.summary),
      action: clean(action),
      code: err.code,
      ...(err.status !== undefined ? { status: err.status } : {}),
      ...(err.requestId ? { requestId: err.requestId } : {}),
      at,
      ...(previous && err.code !== 'invalid_api_key' ? { previous } : {}),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'failed', summary: clean(message), code: 'unexpected', at, ...(previous ? { previous } : {}) };
}
