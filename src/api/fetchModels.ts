// GET {baseUrl}/models: the models a key can use, OpenAI style. `?type` adds each model's type
// (video models are `video/generation`); `?pricing` adds a pricing object, `?features` a list of features. The body is returned as
// parsed JSON for the catalog to validate and merge (catalog/parseModelsListing.ts).
import { getJson, type ApiCallOptions } from './apiRequest';

export interface FetchModelsOptions extends ApiCallOptions {
  pricing?: boolean;
  features?: boolean;
}

const MAX_LISTING_BYTES = 8 * 1024 * 1024;
/** A listing is quick: no reason to wait for it as long as for a video. */
const LISTING_TIMEOUT_MS = 30_000;

export function fetchModelsListing(options: FetchModelsOptions): Promise<unknown> {
  const query = { type: 'true', pricing: options.pricing ? 'true' : undefined, features: options.features ? 'true' : undefined };
  return getJson(options, 'models', query, { defaultTimeoutMs: LISTING_TIMEOUT_MS, maxBytes: MAX_LISTING_BYTES, what: 'The model list' });
}
