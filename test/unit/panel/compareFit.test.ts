import * as assert from 'node:assert/strict';
import { BUILT_IN_CATALOG } from '../../../src/catalog';
import { describeFit, fitToModel } from '../../../src/panel/compareFit';

const WORDS = { asIs: 'takes {0} as they are', clamped: 'clamped: {0}', change: '{0} → {1}' };

describe('compare: how each model takes the chosen settings', () => {
  it('says a model takes settings within its limits as they are', () => {
    const fit = fitToModel({ quality: '1080p', duration: 5, ratio: '16:9' }, 'provider-2/kling-v2.1', BUILT_IN_CATALOG);
    assert.deepEqual(fit.changes, []);
    assert.equal(describeFit(fit, WORDS), 'takes 5 s · 1080p · 16:9 as they are');
  });

  it('names each setting a model would clamp, from and to', () => {
    const fit = fitToModel({ quality: '720p', duration: 8, ratio: '16:9' }, 'provider-2/seedance-lite', BUILT_IN_CATALOG);
    assert.deepEqual(fit.used, { quality: '1080p', duration: 5, ratio: '16:9' });
    assert.equal(describeFit(fit, WORDS), 'clamped: 8 s → 5 s, 720p → 1080p');
  });

  it('clamps only what the model lacks', () => {
    const sora = fitToModel({ quality: '720p', duration: 8, ratio: '9:16' }, 'provider-2/sora-2', BUILT_IN_CATALOG);
    assert.equal(describeFit(sora, WORDS), 'clamped: 8 s → 4 s');
    const veo = fitToModel({ quality: '480p', duration: 8, ratio: '1:1' }, 'provider-2/veo', BUILT_IN_CATALOG);
    assert.equal(describeFit(veo, WORDS), 'clamped: 480p → 720p');
  });

  it('gives a model the catalog does not know the general limits', () => {
    const fit = fitToModel({ quality: '480p', duration: 8, ratio: '4:3' }, 'provider-9/new', BUILT_IN_CATALOG);
    assert.deepEqual(fit.changes, []);
  });
});
