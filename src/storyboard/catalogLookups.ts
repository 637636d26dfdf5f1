// The catalog and price lookups the storyboard's editor features use, in one place: a model's
// entry and the estimate the API's price list gives for it (none when it gives none).
import { capabilityFor, findModel, type Catalog, type CatalogModel } from '../catalog';
import { estimateCost } from '../generation/usageStats';

export { capabilityFor, findModel, type Catalog, type CatalogModel };

/** The estimate for `seconds` of `model` from its price list entry; undefined without one. */
export function estimateCostOf(model: CatalogModel | undefined, seconds: number): { amount: number; currency: string } | undefined {
  return model ? estimateCost(model.pricing, seconds) : undefined;
}
