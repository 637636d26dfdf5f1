import * as assert from 'node:assert/strict';
import { clampToModel } from '../../../src/catalog';

describe('catalog: clampToModel', () => {
  it('moves a quality the model lacks to the nearest one it has', () => {
    assert.equal(clampToModel({ quality: '720p' }, 'provider-2/seedance-lite').quality, '1080p');
    assert.equal(clampToModel({ quality: '480p' }, 'provider-2/kling-v2.1').quality, '720p');
    assert.equal(clampToModel({ quality: '720p' }, 'provider-2/kling-v2.1').quality, '720p');
  });

  it('caps the duration at the model maximum', () => {
    assert.equal(clampToModel({ duration: 8 }, 'provider-2/kling-v2.1').duration, 5);
    assert.equal(clampToModel({ duration: 8 }, 'provider-2/sora-2').duration, 4);
    assert.equal(clampToModel({ duration: 8 }, 'provider-2/veo').duration, 8);
  });

  it('rounds and raises odd durations into range', () => {
    assert.equal(clampToModel({ duration: 2.6 }, 'provider-2/veo').duration, 3);
    assert.equal(clampToModel({ duration: 0 }, 'provider-2/veo').duration, 1);
    assert.equal(clampToModel({ duration: -3 }, 'provider-2/veo').duration, 1);
  });

  it('falls back to short, recommended defaults for missing or broken preferences', () => {
    assert.deepEqual(clampToModel({}, 'provider-2/kling-v2.1'), { quality: '1080p', duration: 4, ratio: '9:16' });
    assert.deepEqual(clampToModel({ quality: 'best', duration: '5', ratio: 'wide' }, 'provider-2/sora-2'), { quality: '1080p', duration: 4, ratio: '9:16' });
    assert.equal(clampToModel({ duration: Number.NaN }, 'provider-2/veo').duration, 4);
  });

  it('keeps a valid ratio', () => {
    assert.equal(clampToModel({ ratio: '16:9' }, 'provider-2/veo').ratio, '16:9');
  });

  it('uses the general limits for unknown models', () => {
    assert.deepEqual(clampToModel({ quality: '480p', duration: 8, ratio: '1:1' }, 'provider-9/new'), { quality: '480p', duration: 8, ratio: '1:1' });
  });
});
