// runBatch with a stand-in vscode module and a fake JobManager: how each item is started (quietly,
// a 429 reported at once, the batch's confirmation standing for the premium one, its provenance),
// and what each result says: saved, failed with its error, sent again after a 429, not started
// with the reason once a budget refused.
import { fakeVscode } from '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import { VideoGenError } from '../../../src/api/errors';
import { runBatch, type BatchItem } from '../../../src/generation/generationBatch';
import type { GenerationOutcome, JobManager, StartOptions } from '../../../src/generation/jobManager';

function error(
  code: ConstructorParameters<typeof VideoGenError>[0],
  details: ConstructorParameters<typeof VideoGenError>[3] = {},
): VideoGenError {
  return new VideoGenError(code, `${code} happened`, 'Do something.', details);
}

describe('runBatch', () => {
  beforeEach(() => fakeVscode.reset());

  it('starts each item through the JobManager as a quiet storyboard job and maps every outcome', async () => {
    const calls: Array<{ input: unknown; options: StartOptions }> = [];
    let rateLimited = false;
    const jobs = {
      start: async (input: { prompt: string }, options: StartOptions): Promise<GenerationOutcome> => {
        calls.push({ input, options });
        if (input.prompt === 'fails') throw error('provider_error');
        if (input.prompt === 'limited' && !rateLimited) {
          rateLimited = true;
          throw error('rate_limit_exceeded', { retryAfterSeconds: 0.05 });
        }
        if (input.prompt === 'over budget') throw error('budget_exceeded');
        return {
          id: input.prompt,
          files: [],
          request: input,
          revisedPrompt: null,
          created: '',
          elapsedMs: 1,
        } as unknown as GenerationOutcome;
      },
    } as unknown as JobManager;
    const items: BatchItem[] = ['saved', 'fails', 'limited', 'over budget', 'never'].map((prompt) => ({
      label: prompt,
      input: { prompt },
      provenance: { storyboard: { path: 'board.md', shotId: prompt } },
    }));
    const started = Date.now();
    const results = await runBatch(jobs, items, { title: 'test', concurrency: 1 });
    assert.ok(Date.now() - started >= 45, 'the 429 was waited for');
    assert.deepEqual(
      results.map((r) => r.status),
      ['saved', 'failed', 'saved', 'not-started', 'not-started'],
    );
    assert.equal(results[0]!.outcome?.id, 'saved');
    assert.equal(results[1]!.error?.code, 'provider_error');
    assert.equal(results[4]!.error?.code, 'budget_exceeded');
    assert.equal(results[4]!.reason, 'budget_exceeded happened');
    assert.deepEqual(
      calls.map((c) => (c.input as { prompt: string }).prompt),
      ['saved', 'fails', 'limited', 'limited', 'over budget'],
      'the rate-limited item was sent again; nothing after the budget refusal',
    );
    for (const { options } of calls) {
      assert.equal(options.quiet, true);
      assert.equal(options.retryRateLimits, false);
      assert.equal(options.premiumConfirmed, true);
      assert.equal(options.source, 'storyboard');
      assert.ok(options.signal instanceof AbortSignal);
    }
    assert.deepEqual(calls[0]!.options.provenance, { storyboard: { path: 'board.md', shotId: 'saved' } });
  });

  it('takes its concurrency from videoGen.queue.concurrency, and cancels everything with its signal', async () => {
    fakeVscode.settings.set('videoGen.queue.concurrency', 3);
    let running = 0;
    let most = 0;
    const controller = new AbortController();
    const jobs = {
      start: (_input: unknown, options: StartOptions) =>
        new Promise<GenerationOutcome>((_resolve, reject) => {
          running++;
          most = Math.max(most, running);
          if (most === 3) setTimeout(() => controller.abort(), 10);
          options.signal!.addEventListener('abort', () => (running--, reject(error('cancelled'))));
        }),
    } as unknown as JobManager;
    const items = Array.from({ length: 5 }, (_, i) => ({ label: String(i), input: {} }));
    const results = await runBatch(jobs, items, { title: 'test', signal: controller.signal });
    assert.equal(most, 3);
    assert.deepEqual(
      results.map((r) => r.status),
      Array(5).fill('cancelled'),
    );
  });
});
