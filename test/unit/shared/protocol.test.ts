import * as assert from 'node:assert/strict';
import { fromWebviewMessage, pageStateSchema, toWebviewMessage } from '../../../src/shared/protocol';

describe('webview: protocol', () => {
  const request = { prompt: 'waves', model: 'provider-2/kling-v2.1', quality: '720p', duration: 2, ratio: '16:9' };

  it('accepts the messages the page sends', () => {
    assert.ok(fromWebviewMessage.safeParse({ type: 'ready', page: 1 }).success);
    assert.ok(fromWebviewMessage.safeParse({ type: 'generate', request }).success);
    assert.ok(fromWebviewMessage.safeParse({ type: 'cancel', jobId: 'abc' }).success);
    assert.ok(fromWebviewMessage.safeParse({ type: 'videoAction', id: 'file:///v.mp4', action: 'copyPath' }).success);
  });

  it('rejects malformed or unknown messages', () => {
    for (const bad of [
      null,
      'ready',
      { type: 'ready' },
      { type: 'deleteEverything' },
      { type: 'generate', request: { ...request, quality: '4k' } },
      { type: 'generate', request: { ...request, duration: 2.5 } },
      { type: 'generate', request: { ...request, duration: 9 } },
      { type: 'generate', request: { ...request, ratio: '2:1' } },
      { type: 'generate', request: { ...request, model: '   ' } },
      { type: 'generate', request: { ...request, prompt: 'x'.repeat(9000) } },
      { type: 'videoAction', id: 'x', action: 'delete' },
      { type: 'cancel', jobId: '' },
    ]) {
      assert.equal(fromWebviewMessage.safeParse(bad).success, false, JSON.stringify(bad)?.slice(0, 80));
    }
  });

  it('checks what the extension sends the page too', () => {
    assert.ok(toWebviewMessage.safeParse({ type: 'error', error: null }).success);
    assert.ok(toWebviewMessage.safeParse({ type: 'status', text: 'ok' }).success);
    assert.equal(toWebviewMessage.safeParse({ type: 'showVideo', video: { src: 'x' } }).success, false);
    const period = { generations: 1, seconds: 2, models: [{ label: 'Veo', generations: 1, seconds: 2 }] };
    assert.ok(toWebviewMessage.safeParse({ type: 'usage', usage: { today: period, total: period } }).success);
    assert.equal(
      toWebviewMessage.safeParse({ type: 'usage', usage: { today: period, total: { ...period, generations: -1 } } }).success,
      false,
    );
    assert.equal(toWebviewMessage.safeParse({ type: 'usage', usage: { today: period } }).success, false);
  });

  it("accepts a model's price table only in the shape the form reads", () => {
    const model = {
      id: 'm',
      label: 'M',
      provider: 'p',
      maxDuration: 2,
      qualities: ['720p'],
      advice: null,
      premium: false,
      verified: true,
      available: true,
    };
    const catalog = (cost: unknown): boolean => toWebviewMessage.safeParse({ type: 'catalog', models: [{ ...model, cost }] }).success;
    assert.ok(toWebviewMessage.safeParse({ type: 'catalog', models: [model] }).success, 'no price is fine');
    assert.ok(catalog({ currency: 'USD', amounts: [0.05, 0.1] }));
    for (const bad of [
      { currency: 'usd', amounts: [1] },
      { currency: 'USD', amounts: [] },
      { currency: 'USD', amounts: [-1] },
      { currency: 'USD', amounts: Array(9).fill(1) },
      { per_second: 0.05 },
    ]) {
      assert.equal(catalog(bad), false, JSON.stringify(bad));
    }
  });

  it('reads back a saved page state, partial forms included', () => {
    assert.deepEqual(pageStateSchema.parse({ form: { prompt: 'a' } }), { form: { prompt: 'a' } });
    assert.equal(pageStateSchema.safeParse({ form: { duration: 'long' } }).success, false);
  });
});
