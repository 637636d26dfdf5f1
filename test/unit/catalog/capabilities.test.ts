import * as assert from 'node:assert/strict';
import {
  ADVICE_INFO,
  ADVICE_LEVELS,
  BUILT_IN_CATALOG,
  BUILT_IN_MODELS,
  API_DEFAULT_RATIO,
  GENERAL_LIMITS,
  QUALITIES,
  RATIOS,
  adviceLabel,
  capabilityFor,
  durationsFor,
  isPremium,
  pickerModels,
  qualitiesFor,
  suggestReplacement,
  unverifiedModel,
  type Catalog,
} from '../../../src/catalog';

describe('catalog: built-in table', () => {
  it('matches the documented table of the contract', () => {
    const rows = BUILT_IN_MODELS.map((m) => [m.id, m.provider, m.maxDuration, [...m.qualities], m.advice, m.premium, m.verified]);
    assert.deepEqual(rows, [
      ['provider-2/seedance-lite', 'Tencent', 5, ['1080p'], 'daily', false, true],
      ['provider-2/kling-v2.1', 'Kuaishou', 5, ['720p', '1080p'], 'daily', false, true],
      ['provider-2/sora-2', 'OpenAI', 4, ['720p', '1080p'], 'balanced', false, true],
      ['provider-2/veo-fast', 'Google', 8, ['720p', '1080p'], 'longer', false, true],
      ['provider-2/seedance-pro', 'Tencent', 5, ['1080p'], 'premium', true, true],
      ['provider-2/sora-2-pro', 'OpenAI', 5, ['720p', '1080p'], 'premium', true, true],
      ['provider-2/veo', 'Google', 8, ['720p', '1080p'], 'premium', true, true],
    ]);
  });

  it('lists models lighter first, premium last', () => {
    const ranks = BUILT_IN_MODELS.map((m) => ADVICE_LEVELS.indexOf(m.advice));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
    assert.deepEqual([...ADVICE_LEVELS], ['daily', 'balanced', 'longer', 'premium']);
  });

  it('has the documented vocabulary and general limits', () => {
    assert.deepEqual([...QUALITIES], ['480p', '720p', '1080p']);
    assert.deepEqual([...RATIOS], ['1:1', '16:9', '9:16', '3:4', '4:3']);
    assert.equal(API_DEFAULT_RATIO, '9:16');
    assert.equal(GENERAL_LIMITS.minDuration, 1);
    assert.equal(GENERAL_LIMITS.maxDuration, 8);
    assert.deepEqual([...GENERAL_LIMITS.qualities], ['480p', '720p', '1080p']);
  });

  it('words the advice for people', () => {
    assert.equal(ADVICE_INFO.daily.label, 'Daily use (lighter)');
    assert.equal(ADVICE_INFO.premium.label, 'Use sparingly (premium)');
    for (const level of ADVICE_LEVELS) assert.ok(ADVICE_INFO[level].description.length > 10);
    assert.equal(adviceLabel(capabilityFor('provider-2/veo')), 'Use sparingly (premium)');
    assert.match(adviceLabel(capabilityFor('provider-9/new')), /Unverified/);
  });
});

describe('catalog: lookups for the UI', () => {
  it('answers qualities, durations and premium for documented models', () => {
    assert.deepEqual(qualitiesFor('provider-2/seedance-lite'), ['1080p']);
    assert.deepEqual(qualitiesFor('provider-2/kling-v2.1'), ['720p', '1080p']);
    assert.deepEqual(durationsFor('provider-2/sora-2'), [1, 2, 3, 4]);
    assert.deepEqual(durationsFor('provider-2/veo'), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(isPremium('provider-2/sora-2-pro'), true);
    assert.equal(isPremium('provider-2/kling-v2.1'), false);
  });

  it('gives unknown models the general limits, unverified, not premium', () => {
    const model = capabilityFor('provider-7/brand-new-video');
    assert.equal(model.verified, false);
    assert.equal(model.maxDuration, 8);
    assert.deepEqual(qualitiesFor('provider-7/brand-new-video'), ['480p', '720p', '1080p']);
    assert.deepEqual(durationsFor('provider-7/brand-new-video'), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(isPremium('provider-7/brand-new-video'), false);
    assert.equal(model.advice, null);
  });

  it('orders picker models lighter first, drops unavailable ones, puts unverified last', () => {
    const catalog: Catalog = {
      listingFetched: true,
      models: [
        unverifiedModel('provider-9/mystery'),
        ...BUILT_IN_CATALOG.models.map((m) => ({ ...m, available: m.id !== 'provider-2/sora-2' })),
      ].reverse(),
    };
    assert.deepEqual(
      pickerModels(catalog).map((m) => m.id),
      [
        'provider-2/kling-v2.1',
        'provider-2/seedance-lite', // within a level: catalog order (reversed here)
        'provider-2/veo-fast',
        'provider-2/veo',
        'provider-2/sora-2-pro',
        'provider-2/seedance-pro',
        'provider-9/mystery',
      ],
    );
  });

  it('suggests an available documented replacement of the same weight', () => {
    const catalog: Catalog = {
      listingFetched: true,
      models: BUILT_IN_CATALOG.models.map((m) => ({ ...m, available: !m.id.includes('sora') })),
    };
    assert.equal(suggestReplacement('provider-2/sora-2-pro', catalog)?.id, 'provider-2/seedance-pro');
    // sora-2 is the only balanced model: fall back to the lightest available one.
    assert.equal(suggestReplacement('provider-2/sora-2', catalog)?.id, 'provider-2/seedance-lite');
    assert.equal(suggestReplacement('provider-2/unknown', catalog)?.id, 'provider-2/seedance-lite');
  });
});
