import * as assert from 'node:assert/strict';
import { clampToModel, startingChoice } from '../../../src/catalog';

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
    assert.deepEqual(clampToModel({ quality: 'best', duration: '5', ratio: 'wide' }, 'provider-2/sora-2'), {
      quality: '1080p',
      duration: 4,
      ratio: '9:16',
    });
    assert.equal(clampToModel({ duration: Number.NaN }, 'provider-2/veo').duration, 4);
  });

  it('keeps a valid ratio', () => {
    assert.equal(clampToModel({ ratio: '16:9' }, 'provider-2/veo').ratio, '16:9');
  });

  it('uses the general limits for unknown models', () => {
    assert.deepEqual(clampToModel({ quality: '480p', duration: 8, ratio: '1:1' }, 'provider-9/new'), {
      quality: '480p',
      duration: 8,
      ratio: '1:1',
    });
  });
});

describe('startingChoice', () => {
  it('takes each field from the first layer that sets it, within the chosen model limits', () => {
    const settings = { model: 'provider-2/kling-v2.1', quality: '720p', duration: 4, ratio: '16:9' };
    assert.deepEqual(startingChoice([{ prompt: 'p' }, { model: 'provider-2/sora-2', duration: 8 }, settings], settings.model), {
      prompt: 'p',
      model: 'provider-2/sora-2',
      quality: '720p',
      duration: 4,
      ratio: '16:9',
    });
    // Seedance Lite has 1080p only: the settings' 720p becomes the nearest it has.
    assert.equal(startingChoice([{ model: 'provider-2/seedance-lite' }, settings], settings.model).quality, '1080p');
    assert.equal(startingChoice([undefined, {}], 'provider-2/veo').model, 'provider-2/veo');
  });
});
