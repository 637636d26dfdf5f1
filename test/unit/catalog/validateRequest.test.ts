import * as assert from 'node:assert/strict';
import {
  BUILT_IN_CATALOG,
  MAX_PROMPT_LENGTH,
  mergeCatalog,
  validateGenerationRequest,
  type RequestIssue,
  type RequestValidation,
} from '../../../src/catalog';

const base = { model: 'provider-2/kling-v2.1', prompt: 'A red fox running through snow', quality: '1080p', duration: 5 };

function issuesOf(result: RequestValidation): RequestIssue[] {
  assert.equal(result.ok, false, 'expected the request to be rejected');
  return result.ok ? [] : result.issues;
}

function onlyIssue(input: unknown): RequestIssue {
  const issues = issuesOf(validateGenerationRequest(input));
  assert.equal(issues.length, 1, JSON.stringify(issues));
  return issues[0]!;
}

describe('catalog: validateGenerationRequest', () => {
  it('accepts a documented request and normalizes it', () => {
    const result = validateGenerationRequest({ ...base, model: ' provider-2/kling-v2.1 ', prompt: '  a fox  ', extra: 'ignored' });
    assert.ok(result.ok);
    assert.deepEqual(result.request, { model: 'provider-2/kling-v2.1', prompt: 'a fox', quality: '1080p', duration: 5, ratio: '9:16' });
    assert.equal(result.verified, true);
    assert.deepEqual(result.warnings, []);
  });

  it('keeps a given ratio', () => {
    const result = validateGenerationRequest({ ...base, ratio: '16:9' });
    assert.ok(result.ok);
    assert.equal(result.request.ratio, '16:9');
  });

  it('rejects something that is not an object', () => {
    for (const input of [null, undefined, 'make a video', 42, [base]]) {
      const issue = onlyIssue(input);
      assert.equal(issue.field, 'request');
      assert.equal(issue.code, 'invalid_request_error');
      assert.match(issue.message, /must be an object with model, prompt, quality and duration/);
    }
  });

  describe('prompt', () => {
    it('is required', () => {
      const { prompt: _omit, ...rest } = base;
      const issue = onlyIssue(rest);
      assert.deepEqual([issue.field, issue.code], ['prompt', 'invalid_request_error']);
      assert.equal(issue.message, 'prompt is required: describe the video to generate.');
    });

    it('must not be blank', () => {
      const issue = onlyIssue({ ...base, prompt: ' \n\t ' });
      assert.deepEqual([issue.field, issue.code], ['prompt', 'invalid_request_error']);
      assert.equal(issue.message, 'prompt is empty: describe the video to generate.');
    });

    it('must be text', () => {
      assert.equal(onlyIssue({ ...base, prompt: 12 }).message, 'prompt must be text; got 12.');
    });

    it(`is at most ${MAX_PROMPT_LENGTH} characters (our limit), counted as people count them`, () => {
      const emoji = '🎬'.repeat(MAX_PROMPT_LENGTH); // 8000 UTF-16 units, 4000 characters
      assert.ok(validateGenerationRequest({ ...base, prompt: emoji }).ok);
      const issue = onlyIssue({ ...base, prompt: 'x'.repeat(MAX_PROMPT_LENGTH + 1) });
      assert.equal(issue.code, 'invalid_request_error');
      assert.equal(
        issue.message,
        `prompt is ${MAX_PROMPT_LENGTH + 1} characters long; at most ${MAX_PROMPT_LENGTH} are allowed (a limit of this extension, to catch accidental pastes).`,
      );
    });
  });

  describe('model', () => {
    it('is required and must be a non-empty string', () => {
      const { model: _omit, ...rest } = base;
      assert.equal(onlyIssue(rest).message, 'model is required: a model id such as "provider-2/kling-v2.1".');
      const blank = onlyIssue({ ...base, model: '  ' });
      assert.deepEqual([blank.field, blank.code], ['model', 'invalid_request_error']);
      assert.equal(onlyIssue({ ...base, model: 7 }).message, 'model must be a non-empty model id such as "provider-2/kling-v2.1"; got 7.');
    });

    it('allows an unknown model with the general limits, flagged unverified', () => {
      const result = validateGenerationRequest({ ...base, model: 'provider-5/hailuo-02', quality: '480p', duration: 8 });
      assert.ok(result.ok);
      assert.equal(result.verified, false);
      assert.equal(result.model.verified, false);
      assert.equal(result.warnings.length, 1);
      assert.match(
        result.warnings[0]!,
        /provider-5\/hailuo-02 is not in the documented model table: the general limits \(1 to 8 seconds, 480p, 720p, 1080p\) are assumed/,
      );
    });

    it('still applies the general limits to an unknown model', () => {
      const issue = onlyIssue({ ...base, model: 'provider-5/hailuo-02', duration: 9 });
      assert.equal(issue.code, 'invalid_request_error');
      assert.equal(issue.message, 'duration must be between 1 and 8 seconds (provider-5/hailuo-02: assumed at most 8); you asked for 9.');
    });

    it('warns (without blocking) about a documented model absent from a fetched listing', () => {
      const catalog = mergeCatalog(BUILT_IN_CATALOG, {
        models: [{ id: 'provider-2/kling-v2.1' }, { id: 'provider-2/veo' }],
        ignoredIds: [],
        malformedCount: 0,
      });
      const result = validateGenerationRequest({ ...base, model: 'provider-2/sora-2', duration: 4 }, catalog);
      assert.ok(result.ok);
      assert.deepEqual(result.warnings, [
        'provider-2/sora-2 was not in the list of models your key can use: it may be retired or not on your plan. provider-2/kling-v2.1 is available.',
      ]);
    });
  });

  describe('quality', () => {
    it('is required', () => {
      const { quality: _omit, ...rest } = base;
      const issue = onlyIssue(rest);
      assert.deepEqual([issue.field, issue.code], ['quality', 'invalid_request_error']);
      assert.equal(issue.message, 'quality is required: one of 480p, 720p, 1080p (provider-2/kling-v2.1: 720p or 1080p).');
    });

    it('must be a known quality (invalid_request_error)', () => {
      const issue = onlyIssue({ ...base, model: 'provider-2/seedance-lite', quality: '4k' });
      assert.deepEqual([issue.field, issue.code], ['quality', 'invalid_request_error']);
      assert.equal(issue.message, 'quality must be one of 480p, 720p, 1080p (provider-2/seedance-lite: only 1080p); got "4k".');
      assert.equal(onlyIssue({ ...base, quality: '1080P' }).code, 'invalid_request_error');
    });

    it('must be one the model supports (n_exceeds_model_limit)', () => {
      const lite = onlyIssue({ ...base, model: 'provider-2/seedance-lite', quality: '720p' });
      assert.deepEqual([lite.field, lite.code], ['quality', 'n_exceeds_model_limit']);
      assert.equal(lite.message, 'provider-2/seedance-lite supports only 1080p; you asked for 720p.');
      const kling = onlyIssue({ ...base, quality: '480p' });
      assert.equal(kling.message, 'provider-2/kling-v2.1 supports 720p or 1080p; you asked for 480p.');
    });
  });

  describe('duration', () => {
    it('is required', () => {
      const { duration: _omit, ...rest } = base;
      const issue = onlyIssue(rest);
      assert.deepEqual([issue.field, issue.code], ['duration', 'invalid_request_error']);
      assert.equal(issue.message, 'duration is required: whole seconds from 1 to 8 (provider-2/kling-v2.1: at most 5).');
    });

    it('must be an integer (invalid_request_error)', () => {
      const issue = onlyIssue({ ...base, duration: 2.5 });
      assert.deepEqual([issue.field, issue.code], ['duration', 'invalid_request_error']);
      assert.equal(issue.message, 'duration must be a whole number of seconds from 1 to 8 (provider-2/kling-v2.1: at most 5); got 2.5.');
    });

    it('must be a number, not text or NaN', () => {
      assert.equal(
        onlyIssue({ ...base, duration: '5' }).message,
        'duration must be a number of seconds from 1 to 8 (provider-2/kling-v2.1: at most 5); got "5".',
      );
      assert.equal(onlyIssue({ ...base, duration: Number.NaN }).code, 'invalid_request_error');
      assert.equal(onlyIssue({ ...base, duration: Infinity }).code, 'invalid_request_error');
    });

    it('must be within 1..8 (invalid_request_error)', () => {
      for (const duration of [0, -1, 9, 60]) {
        const issue = onlyIssue({ ...base, model: 'provider-2/veo', duration });
        assert.deepEqual([issue.field, issue.code], ['duration', 'invalid_request_error']);
        assert.equal(issue.message, `duration must be between 1 and 8 seconds (provider-2/veo: at most 8); you asked for ${duration}.`);
      }
    });

    it('must be at most the model maximum (n_exceeds_model_limit)', () => {
      const issue = onlyIssue({ ...base, model: 'provider-2/sora-2', quality: '720p', duration: 6 });
      assert.deepEqual([issue.field, issue.code], ['duration', 'n_exceeds_model_limit']);
      assert.equal(issue.message, 'provider-2/sora-2 supports at most 4 seconds; you asked for 6.');
    });

    it('accepts the model maximum exactly', () => {
      assert.ok(validateGenerationRequest({ ...base, model: 'provider-2/sora-2', duration: 4 }).ok);
      assert.ok(validateGenerationRequest({ ...base, model: 'provider-2/veo-fast', duration: 8 }).ok);
      assert.ok(validateGenerationRequest({ ...base, duration: 1 }).ok);
    });
  });

  describe('ratio', () => {
    it('must be one of the five when given', () => {
      const issue = onlyIssue({ ...base, ratio: '21:9' });
      assert.deepEqual([issue.field, issue.code], ['ratio', 'invalid_request_error']);
      assert.equal(issue.message, 'ratio must be one of 1:1, 16:9, 9:16, 3:4, 4:3 (or left out for 9:16); got "21:9".');
      assert.equal(onlyIssue({ ...base, ratio: null }).field, 'ratio');
    });
  });

  it('reports every problem at once, in field order', () => {
    const issues = issuesOf(
      validateGenerationRequest({ model: 'provider-2/sora-2', prompt: '', quality: '480p', duration: 7, ratio: '2:1' }),
    );
    assert.deepEqual(
      issues.map((i) => [i.field, i.code]),
      [
        ['prompt', 'invalid_request_error'],
        ['quality', 'n_exceeds_model_limit'],
        ['duration', 'n_exceeds_model_limit'],
        ['ratio', 'invalid_request_error'],
      ],
    );
  });

  it('reports both model limits when the fields are valid in general', () => {
    const issues = issuesOf(validateGenerationRequest({ ...base, model: 'provider-2/seedance-pro', quality: '720p', duration: 8 }));
    assert.deepEqual(
      issues.map((i) => i.message),
      [
        'provider-2/seedance-pro supports only 1080p; you asked for 720p.',
        'provider-2/seedance-pro supports at most 5 seconds; you asked for 8.',
      ],
    );
  });
});
