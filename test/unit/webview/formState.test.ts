import * as assert from 'node:assert/strict';
import { BUILT_IN_CATALOG, unverifiedModel } from '../../../src/catalog';
import { computeForm, estimateFor } from '../../../src/webview/formState';
import type { FormValues, ModelOption } from '../../../src/shared/protocol';

const MODELS: ModelOption[] = BUILT_IN_CATALOG.models.map((m) => ({ ...m, qualities: [...m.qualities] }));
const DEFAULTS: FormValues = { prompt: '', model: 'provider-2/kling-v2.1', quality: '720p', duration: 4, ratio: '16:9' };

describe('webview: computeForm', () => {
  it('offers only what the chosen model supports', () => {
    const lite = computeForm(MODELS, { model: 'provider-2/seedance-lite' }, DEFAULTS);
    assert.deepEqual(lite.qualities, ['1080p']);
    assert.deepEqual(lite.durations, [1, 2, 3, 4, 5]);
    const veo = computeForm(MODELS, { model: 'provider-2/veo' }, DEFAULTS);
    assert.deepEqual(veo.qualities, ['720p', '1080p']);
    assert.deepEqual(veo.durations, [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps the previous choice when the new model supports it, and clamps it otherwise', () => {
    const onVeo = computeForm(MODELS, { model: 'provider-2/veo', quality: '720p', duration: 8, ratio: '1:1' }, DEFAULTS);
    assert.deepEqual(onVeo.values, { prompt: '', model: 'provider-2/veo', quality: '720p', duration: 8, ratio: '1:1' });
    const onLite = computeForm(MODELS, { ...onVeo.values, model: 'provider-2/seedance-lite' }, DEFAULTS);
    assert.equal(onLite.values.quality, '1080p');
    assert.equal(onLite.values.duration, 5);
    assert.equal(onLite.values.ratio, '1:1');
    const onSora = computeForm(MODELS, { ...onVeo.values, model: 'provider-2/sora-2' }, DEFAULTS);
    assert.equal(onSora.values.quality, '720p');
    assert.equal(onSora.values.duration, 4);
  });

  it('every combination it produces is one the model accepts', () => {
    for (const model of MODELS) {
      for (const quality of ['480p', '720p', '1080p', 'nonsense']) {
        for (const duration of [-1, 0, 1, 3.4, 5, 8, 99]) {
          const form = computeForm(MODELS, { model: model.id, quality, duration }, DEFAULTS);
          assert.ok(model.qualities.includes(form.values.quality), `${model.id} ${form.values.quality}`);
          assert.ok(form.values.duration >= 1 && form.values.duration <= model.maxDuration, `${model.id} ${form.values.duration}`);
          assert.ok(form.durations.includes(form.values.duration));
          assert.ok(form.qualities.includes(form.values.quality));
        }
      }
    }
  });

  it('lists lighter models first and leaves out unavailable ones', () => {
    const models = MODELS.map((m) => (m.id === 'provider-2/sora-2' ? { ...m, available: false } : m));
    const form = computeForm(models, {}, DEFAULTS);
    assert.deepEqual(
      form.models.map((m) => m.id),
      [
        'provider-2/seedance-lite',
        'provider-2/kling-v2.1',
        'provider-2/veo-fast',
        'provider-2/seedance-pro',
        'provider-2/sora-2-pro',
        'provider-2/veo',
      ],
    );
  });

  it('replaces a model that is not offered, and says which', () => {
    const models = MODELS.map((m) => (m.id === 'provider-2/sora-2' ? { ...m, available: false } : m));
    const form = computeForm(models, { model: 'provider-2/sora-2', duration: 2 }, DEFAULTS);
    assert.equal(form.values.model, DEFAULTS.model);
    assert.equal(form.replacedModel, 'provider-2/sora-2');
    assert.equal(form.values.duration, 2);
    assert.equal(computeForm(models, { model: 'provider-2/veo' }, DEFAULTS).replacedModel, undefined);
  });

  it('offers unverified models with the general limits', () => {
    const extra = unverifiedModel('provider-9/new-thing');
    const form = computeForm(
      [...MODELS, { ...extra, qualities: [...extra.qualities] }],
      { model: 'provider-9/new-thing', quality: '480p' },
      DEFAULTS,
    );
    assert.equal(form.values.model, 'provider-9/new-thing');
    assert.deepEqual(form.qualities, ['480p', '720p', '1080p']);
    assert.equal(form.durations.length, 8);
    assert.equal(form.models.at(-1)?.id, 'provider-9/new-thing');
  });

  it('computes the frame size the request should produce', () => {
    assert.deepEqual(computeForm(MODELS, { model: 'provider-2/kling-v2.1', quality: '720p', ratio: '16:9' }, DEFAULTS).frame, {
      width: 1280,
      height: 720,
    });
    assert.deepEqual(computeForm(MODELS, { model: 'provider-2/seedance-lite', ratio: '9:16' }, DEFAULTS).frame, {
      width: 1080,
      height: 1920,
    });
  });

  it("estimates the cost from the model's price table for the chosen duration, and only then", () => {
    const priced = MODELS.map((m) =>
      m.id === 'provider-2/veo' ? { ...m, cost: { currency: 'USD', amounts: [0.4, 0.8, 1.2, 1.6, 2, 2.4, 2.8, 3.2] } } : m,
    );
    assert.deepEqual(computeForm(priced, { model: 'provider-2/veo', duration: 3 }, DEFAULTS).estimate, { amount: 1.2, currency: 'USD' });
    assert.deepEqual(computeForm(priced, { model: 'provider-2/veo', duration: 8 }, DEFAULTS).estimate, { amount: 3.2, currency: 'USD' });
    // A duration clamped to the model is priced as clamped.
    assert.deepEqual(computeForm(priced, { model: 'provider-2/veo', duration: 99 }, DEFAULTS).estimate, { amount: 3.2, currency: 'USD' });
    assert.equal(computeForm(priced, { model: 'provider-2/kling-v2.1', duration: 3 }, DEFAULTS).estimate, undefined);
    assert.equal(computeForm(MODELS, { model: 'provider-2/veo', duration: 3 }, DEFAULTS).estimate, undefined);
    // A table shorter than the durations offered gives no estimate rather than a wrong one.
    assert.equal(estimateFor({ ...priced[0]!, cost: { currency: 'USD', amounts: [0.1] } }, 2), undefined);
  });

  it('keeps the prompt as typed and falls back to the defaults for it', () => {
    assert.equal(computeForm(MODELS, { prompt: '  waves <b>  ' }, DEFAULTS).values.prompt, '  waves <b>  ');
    assert.equal(computeForm(MODELS, {}, { ...DEFAULTS, prompt: 'x' }).values.prompt, 'x');
  });
});
