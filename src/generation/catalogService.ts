// The catalog the UI offers: the built-in table, merged with the last `GET /models` listing when
// the user refreshed it (kept in global state so it survives restarts).
import * as vscode from 'vscode';
import { BUILT_IN_CATALOG, mergeCatalog, parseModelsListing, type Catalog, type ModelsListing } from '../catalog';
import { BadResponseError } from '../api/errors';
import { fetchModelsListing } from '../api/fetchModels';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { readSettings } from '../config/settings';

const LISTING_STATE = 'videoGen.modelsListing';

interface StoredListing {
  baseUrl: string;
  fetchedAt: string;
  listing: ModelsListing;
}

export class CatalogService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly keys: ApiKeyStore,
    private readonly userAgent: string,
  ) {}

  /** The catalog for the current base URL (a listing fetched from another URL does not apply). */
  get current(): Catalog {
    const stored = this.state.get<StoredListing>(LISTING_STATE);
    if (!stored || stored.baseUrl !== readSettings().baseUrl) return BUILT_IN_CATALOG;
    return mergeCatalog(BUILT_IN_CATALOG, stored.listing);
  }

  get lastRefresh(): string | undefined {
    return this.state.get<StoredListing>(LISTING_STATE)?.fetchedAt;
  }

  /** Fetches `/models` (with pricing and features) and merges it; throws a VideoGenError on failure. */
  async refresh(signal?: AbortSignal): Promise<Catalog> {
    const settings = readSettings();
    const apiKey = await this.keys.get();
    const json = await fetchModelsListing({
      baseUrl: settings.baseUrl,
      apiKey: apiKey ?? '',
      pricing: true,
      features: true,
      signal,
      connection: settings.network,
      userAgent: this.userAgent,
    });
    const parsed = parseModelsListing(json);
    if (!parsed.ok) throw new BadResponseError(vscode.l10n.t('The model list from the API could not be read: {0}', parsed.error), {});
    await this.state.update(LISTING_STATE, {
      baseUrl: settings.baseUrl,
      fetchedAt: new Date().toISOString(),
      listing: parsed.listing,
    } satisfies StoredListing);
    this.changed.fire();
    return this.current;
  }

  async forget(): Promise<void> {
    await this.state.update(LISTING_STATE, undefined);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
