import * as assert from 'node:assert/strict';
import { BUILT_IN_CATALOG, unverifiedModel, type Catalog, type CatalogModel } from '../../../src/catalog';
import { DRAFT_DURATION_SECONDS, draftChoice, lightestModel } from '../../../src/storyboard/draftPreset';

const EMPTY = { model: '', quality: '', duration: 0 };

function withModels(models: CatalogModel[]): Catalog {
  return { models, listingFetched: true };
}

describe('Draft preset: the lightest model at its lowest quality and a short duration', () => {
  it('picks Kling v2.1 at 720p for 2 s from the built-in catalog (not premium, lowest quality)', () => {
    assert.equal(lightestModel(BUILT_IN_CATALOG)?.id, 'provider-2/kling-v2.1');
    assert.deepEqual(draftChoice(EMPTY, BUILT_IN_CATALOG), {
      model: 'provider-2/kling-v2.1',
      quality: '720p',
      duration: DRAFT_DURATION_SECONDS,
    });
  });

  it('prefers the cheapest when every candidate has a price', () => {
    const prices: Record<string, number> = { 'provider-2/seedance-lite': 0.02, 'provider-2/kling-v2.1': 0.05 };
    const priceOf = (m: CatalogModel, s: number): number => (prices[m.id] ?? 0.5) * s;
    assert.equal(lightestModel(BUILT_IN_CATALOG, priceOf)?.id, 'provider-2/seedance-lite');
    assert.deepEqual(draftChoice(EMPTY, BUILT_IN_CATALOG, priceOf), { model: 'provider-2/seedance-lite', quality: '1080p', duration: 2 });
  });

  it('ignores prices when some candidates have none (no price is invented)', () => {
    const priceOf = (m: CatalogModel): number | undefined => (m.id === 'provider-2/seedance-lite' ? 0.01 : undefined);
    assert.equal(lightestModel(BUILT_IN_CATALOG, priceOf)?.id, 'provider-2/kling-v2.1');
  });

  it('never picks a premium or unavailable model while a light one is offered', () => {
    const catalog = withModels(BUILT_IN_CATALOG.models.map((m) => (m.id === 'provider-2/kling-v2.1' ? { ...m, available: false } : m)));
    assert.equal(lightestModel(catalog)?.id, 'provider-2/seedance-lite');
    const onlyPremium = withModels(BUILT_IN_CATALOG.models.filter((m) => m.premium));
    assert.equal(lightestModel(onlyPremium)?.premium, true, 'falls back to what there is');
    assert.equal(lightestModel(withModels([])), undefined);
  });

  it('skips unverified models while documented light ones exist', () => {
    const catalog = withModels([unverifiedModel('provider-9/cheap'), ...BUILT_IN_CATALOG.models]);
    assert.equal(lightestModel(catalog)?.id, 'provider-2/kling-v2.1');
  });

  it('takes what the settings set, brought within the model', () => {
    assert.deepEqual(draftChoice({ model: 'provider-2/sora-2', quality: '', duration: 0 }, BUILT_IN_CATALOG), {
      model: 'provider-2/sora-2',
      quality: '720p',
      duration: 2,
    });
    assert.deepEqual(draftChoice({ model: ' provider-2/seedance-lite ', quality: '480p', duration: 8 }, BUILT_IN_CATALOG), {
      model: 'provider-2/seedance-lite',
      quality: '1080p',
      duration: 5,
    });
    assert.deepEqual(draftChoice({ model: '', quality: '1080p', duration: 1 }, BUILT_IN_CATALOG), {
      model: 'provider-2/kling-v2.1',
      quality: '1080p',
      duration: 1,
    });
  });
});
