// Properties over the whole request space: the validator and clampToModel must agree with the
// table whatever the input.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BUILT_IN_MODELS,
  GENERAL_LIMITS,
  QUALITIES,
  RATIOS,
  capabilityFor,
  clampToModel,
  frameSizeFor,
  validateGenerationRequest,
} from '../../../src/catalog';

const knownModel = fc.constantFrom(...BUILT_IN_MODELS.map((m) => m.id));
const anyModel = fc.oneof(knownModel, fc.constantFrom('provider-9/new-video', 'x'));
const prompt = fc.string({ minLength: 0, maxLength: 40 });
const anyValue = fc.oneof(fc.anything(), fc.integer({ min: -2, max: 12 }), fc.double(), fc.constantFrom(...QUALITIES, ...RATIOS));
const request = fc.record(
  {
    model: fc.oneof(anyModel, anyValue),
    prompt: fc.oneof(prompt, anyValue),
    quality: fc.oneof(fc.constantFrom(...QUALITIES), anyValue),
    duration: fc.oneof(fc.integer({ min: -1, max: 10 }), anyValue),
    ratio: fc.oneof(fc.constantFrom(...RATIOS), anyValue),
  },
  { requiredKeys: [] },
);

describe('catalog: properties', () => {
  it('every accepted request satisfies all limits of its model', () => {
    fc.assert(
      fc.property(request, (input) => {
        const result = validateGenerationRequest(input);
        if (!result.ok) {
          assert.ok(result.issues.length > 0);
          return;
        }
        const { request: r } = result;
        const model = capabilityFor(r.model);
        assert.ok(Number.isInteger(r.duration) && r.duration >= 1 && r.duration <= model.maxDuration);
        assert.ok(model.qualities.includes(r.quality));
        assert.ok((RATIOS as readonly string[]).includes(r.ratio));
        assert.ok(r.prompt.length > 0 && r.prompt === r.prompt.trim());
      }),
      { numRuns: 1000 },
    );
  });

  it('any duration above a documented model maximum is rejected on duration', () => {
    fc.assert(
      fc.property(knownModel, fc.integer({ min: 1, max: 1000 }), fc.constantFrom(...QUALITIES), (model, extra, quality) => {
        const max = capabilityFor(model).maxDuration;
        const result = validateGenerationRequest({ model, prompt: 'p', quality, duration: max + extra });
        assert.equal(result.ok, false);
        if (result.ok) return;
        const issue = result.issues.find((i) => i.field === 'duration');
        assert.ok(issue);
        assert.equal(issue.code, max + extra <= GENERAL_LIMITS.maxDuration ? 'n_exceeds_model_limit' : 'invalid_request_error');
      }),
    );
  });

  it('every rejection names a field and says something specific', () => {
    fc.assert(
      fc.property(request, (input) => {
        const result = validateGenerationRequest(input);
        if (result.ok) return;
        for (const issue of result.issues) {
          assert.ok(['request', 'model', 'prompt', 'quality', 'duration', 'ratio'].includes(issue.field));
          assert.ok(issue.message.length > 20 && issue.message.endsWith('.'), issue.message);
        }
        assert.equal(new Set(result.issues.map((i) => `${i.field}/${i.code}`)).size, result.issues.length);
      }),
    );
  });

  it('clampToModel always yields a choice the validator accepts', () => {
    fc.assert(
      fc.property(anyModel, fc.record({ quality: anyValue, duration: anyValue, ratio: anyValue }, { requiredKeys: [] }), (model, prefs) => {
        const choice = clampToModel(prefs, model);
        const result = validateGenerationRequest({ model, prompt: 'a cat', ...choice });
        assert.ok(result.ok, JSON.stringify({ model, prefs, choice, result }));
        assert.deepEqual({ quality: result.request.quality, duration: result.request.duration, ratio: result.request.ratio }, choice);
      }),
      { numRuns: 1000 },
    );
  });

  it('clampToModel leaves an already valid choice alone', () => {
    fc.assert(
      fc.property(anyModel, fc.constantFrom(...RATIOS), fc.nat(), fc.nat(), (model, ratio, qi, di) => {
        const m = capabilityFor(model);
        const quality = m.qualities[qi % m.qualities.length]!;
        const duration = 1 + (di % m.maxDuration);
        assert.deepEqual(clampToModel({ quality, duration, ratio }, model), { quality, duration, ratio });
      }),
    );
  });

  it('frameSizeFor keeps the short side, the ratio within 1%, and even sides', () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUALITIES), fc.constantFrom(...RATIOS), (quality, ratio) => {
        const { width, height } = frameSizeFor(quality, ratio);
        const [w, h] = ratio.split(':').map(Number) as [number, number];
        assert.equal(Math.min(width, height), Number.parseInt(quality, 10));
        assert.ok(Math.abs(width / height / (w / h) - 1) < 0.01);
        assert.equal((width | height) % 2, 0);
      }),
    );
  });
});
