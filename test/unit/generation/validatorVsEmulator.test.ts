// The validator and the API agree: no request the validator accepts is rejected by the emulator
// for a known model, and none it rejects is accepted. (The emulator implements the contract on
// its own, from the documentation, so this compares two independent readings of it.)
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BUILT_IN_MODELS, validateGenerationRequest } from '../../../src/catalog';
import { startEmulator, type Emulator } from '../../emulator/server';

const KEY = 'validator-key-3a9f';

describe('validator vs. emulator (property-based)', function () {
  this.timeout(120_000);
  let emulator: Emulator;

  before(async () => {
    // Validation runs first either way; an empty answer keeps the run free of video encoding.
    emulator = await startEmulator({ apiKeys: [KEY], defaultScenario: { kind: 'empty_data' } });
  });
  after(async () => {
    await emulator.close();
  });

  const request = fc.record(
    {
      model: fc.constantFrom(...BUILT_IN_MODELS.map((m) => m.id)),
      prompt: fc.oneof(fc.constant(''), fc.constant('   '), fc.string({ minLength: 1, maxLength: 40 })),
      quality: fc.constantFrom('480p', '720p', '1080p', '4k', '720P', ''),
      duration: fc.oneof(fc.integer({ min: -1, max: 10 }), fc.constantFrom(2.5, 0.5, Number.NaN)),
      ratio: fc.constantFrom('1:1', '16:9', '9:16', '3:4', '4:3', '2:1', ''),
    },
    { requiredKeys: ['model', 'prompt', 'quality', 'duration'] },
  );

  it('accepts exactly what the API accepts for every documented model', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (body) => {
        const local = validateGenerationRequest(body);
        const res = await fetch(`${emulator.baseUrl}/video/generations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as { error?: { type?: string } };
        if (local.ok) {
          assert.equal(
            res.status,
            200,
            `validator accepted, API answered ${res.status} ${JSON.stringify(json)} for ${JSON.stringify(body)}`,
          );
        } else {
          assert.equal(
            res.status,
            400,
            `validator rejected (${local.issues.map((i) => i.message).join('; ')}), API answered ${res.status} for ${JSON.stringify(body)}`,
          );
          // The API reports one code; the validator's issues include it.
          assert.ok(
            local.issues.some((i) => i.code === json.error?.type),
            `codes differ: API ${json.error?.type}, validator ${local.issues.map((i) => i.code).join(',')} for ${JSON.stringify(body)}`,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
