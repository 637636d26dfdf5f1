import * as assert from 'node:assert/strict';
import { BUILT_IN_CATALOG, findModel, mergeCatalog, parseModelsListing, pickerModels, type ModelsListing } from '../../../src/catalog';

function parsed(json: unknown): ModelsListing {
  const result = parseModelsListing(json);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.listing;
}

describe('catalog: parseModelsListing', () => {
  it('keeps only video/generation entries when types are given, tolerating extra fields', () => {
    const listing = parsed({
      object: 'list',
      data: [
        {
          id: 'provider-2/kling-v2.1',
          object: 'model',
          created: 1746100000,
          owned_by: 'Kuaishou',
          type: 'video/generation',
          extra: { x: 1 },
        },
        { id: 'provider-3/gpt-4.1-mini', owned_by: 'OpenAI', type: 'chat/completion' },
        { id: 'provider-4/imagen-4', owned_by: 'Google', type: 'image/generation' },
        { id: 'provider-8/new-video', owned_by: 'Someone', type: 'Video/Generation' },
      ],
    });
    assert.deepEqual(listing.models, [
      { id: 'provider-2/kling-v2.1', ownedBy: 'Kuaishou', type: 'video/generation', created: 1746100000 },
      { id: 'provider-8/new-video', ownedBy: 'Someone', type: 'Video/Generation' },
    ]);
    assert.deepEqual(listing.ignoredIds, ['provider-3/gpt-4.1-mini', 'provider-4/imagen-4']);
  });

  it('without types, keeps documented ids and ids that name a video model family', () => {
    const listing = parsed({
      data: [
        { id: 'provider-2/veo', owned_by: 'Google' },
        { id: 'provider-2/veo-3' },
        { id: 'provider-6/wan2.1-t2v' },
        { id: 'provider-6/hailuo-02' },
        { id: 'provider-3/gpt-4.1-mini' },
        { id: 'provider-4/imagen-4' },
        { id: 'provider-3/whisper-1' },
        { id: 'provider-9/sovereign-chat' }, // "so..." but not sora
      ],
    });
    assert.deepEqual(
      listing.models.map((m) => m.id),
      ['provider-2/veo', 'provider-2/veo-3', 'provider-6/wan2.1-t2v', 'provider-6/hailuo-02'],
    );
    assert.deepEqual(listing.ignoredIds, [
      'provider-3/gpt-4.1-mini',
      'provider-4/imagen-4',
      'provider-3/whisper-1',
      'provider-9/sovereign-chat',
    ]);
  });

  it('keeps the pricing object raw and never invents one', () => {
    const pricing = { per_second: 0.05, currency: 'USD', tiers: [{ q: '1080p', x: 1.5 }] };
    const listing = parsed({
      data: [{ id: 'provider-2/kling-v2.1', pricing }, { id: 'provider-2/veo', pricing: null }, { id: 'provider-2/sora-2' }],
    });
    assert.deepEqual(listing.models[0]?.pricing, pricing);
    assert.equal('pricing' in listing.models[1]!, false);
    assert.equal('pricing' in listing.models[2]!, false);
  });

  it('keeps the features the listing sends (strings only) and carries them into the catalog', () => {
    const listing = parsed({
      data: [
        { id: 'provider-2/veo', features: ['text-to-video', 'audio', 'audio', 7, null, '  '] },
        { id: 'provider-2/kling-v2.1', features: 'audio' },
        { id: 'provider-9/new-video-model', type: 'video/generation', features: ['text-to-video'] },
      ],
    });
    assert.deepEqual(listing.models[0]?.features, ['text-to-video', 'audio']);
    assert.equal('features' in listing.models[1]!, false, 'not an array: left out');
    const catalog = mergeCatalog(BUILT_IN_CATALOG, listing);
    assert.deepEqual(findModel('provider-2/veo', catalog)?.features, ['text-to-video', 'audio']);
    assert.equal(findModel('provider-2/kling-v2.1', catalog)?.features, undefined);
    assert.deepEqual(findModel('provider-9/new-video-model', catalog)?.features, ['text-to-video']);
  });

  it('skips malformed and duplicate entries instead of failing the list', () => {
    const listing = parsed({
      data: [
        null,
        'provider-2/veo',
        { id: '' },
        { id: 42 },
        { owned_by: 'x' },
        { id: 'provider-2/veo', owned_by: null, created: 'yesterday' },
        { id: 'provider-2/veo' },
      ],
    });
    assert.deepEqual(listing.models, [{ id: 'provider-2/veo' }]);
    assert.equal(listing.malformedCount, 5);
  });

  it('accepts a bare array of models', () => {
    assert.deepEqual(
      parsed([{ id: 'provider-2/veo' }]).models.map((m) => m.id),
      ['provider-2/veo'],
    );
  });

  it('rejects garbage cleanly with a message', () => {
    for (const garbage of [null, 'models', 42, {}, { data: 'x' }, { data: { id: 'a' } }, { models: [] }]) {
      const result = parseModelsListing(garbage);
      assert.equal(result.ok, false, JSON.stringify(garbage));
      if (!result.ok) assert.match(result.error, /^The models list is not in the expected shape \(\{"data": \[\.\.\.\]\}\); got .+\.$/);
    }
  });
});

describe('catalog: mergeCatalog', () => {
  const listing = parsed({
    data: [
      { id: 'provider-2/kling-v2.1', owned_by: 'Kuaishou', type: 'video/generation', pricing: { per_second: 0.05 } },
      { id: 'provider-2/veo', owned_by: 'Google', type: 'video/generation' },
      { id: 'provider-8/new-video', owned_by: 'Someone', type: 'video/generation', pricing: { per_clip: 1 } },
    ],
  });
  const merged = mergeCatalog(BUILT_IN_CATALOG, listing);

  it('adds models the table does not know with general limits, unverified', () => {
    const added = findModel('provider-8/new-video', merged);
    assert.ok(added);
    assert.equal(added.verified, false);
    assert.equal(added.available, true);
    assert.equal(added.maxDuration, 8);
    assert.deepEqual(added.qualities, ['480p', '720p', '1080p']);
    assert.equal(added.provider, 'Someone');
    assert.deepEqual(added.pricing, { per_clip: 1 });
  });

  it('keeps documented limits and marks listed ones available', () => {
    const kling = findModel('provider-2/kling-v2.1', merged);
    assert.equal(kling?.available, true);
    assert.equal(kling?.verified, true);
    assert.equal(kling?.maxDuration, 5);
    assert.deepEqual(kling?.pricing, { per_second: 0.05 });
    assert.equal(findModel('provider-2/veo', merged)?.pricing, undefined);
  });

  it('marks documented models missing from a fetched listing unavailable', () => {
    assert.equal(findModel('provider-2/sora-2', merged)?.available, false);
    assert.equal(findModel('provider-2/sora-2-pro', merged)?.available, false);
    assert.equal(merged.listingFetched, true);
    assert.deepEqual(
      pickerModels(merged).map((m) => m.id),
      ['provider-2/kling-v2.1', 'provider-2/veo', 'provider-8/new-video'],
    );
  });

  it('without a listing, keeps every documented model available', () => {
    const plain = mergeCatalog(BUILT_IN_CATALOG);
    assert.equal(plain.listingFetched, false);
    assert.ok(plain.models.every((m) => m.available));
    assert.equal(pickerModels(plain).length, 7);
  });

  it('does not carry stale pricing into a later merge', () => {
    const again = mergeCatalog(merged, parsed({ data: [{ id: 'provider-2/kling-v2.1' }] }));
    assert.equal(findModel('provider-2/kling-v2.1', again)?.pricing, undefined);
    assert.equal(findModel('provider-2/veo', again)?.available, false);
  });

  it('leaves the built-in catalog untouched', () => {
    assert.ok(BUILT_IN_CATALOG.models.every((m) => m.available && m.pricing === undefined));
    assert.equal(BUILT_IN_CATALOG.models.length, 7);
  });
});
