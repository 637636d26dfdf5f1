// "Was I billed?": judgeBilling's cases on hand-made readings, the re-reading helper with an
// injected sleep and reader, and both against the emulator's usage counters.
import * as assert from 'node:assert/strict';
import { judgeBilling, readUsageUntilMoved, usageMoved, type UsageReading } from '../../../src/api/billingVerdict';
import { fetchUsage, parseUsage, type UsageFetch, type UsageReport } from '../../../src/api/usage';
import { startEmulator, type Emulator } from '../../emulator/server';

const VEO = 'provider-2/veo';
const KLING = 'provider-2/kling-v2.1';

interface Entry {
  total_requests?: number;
  successful_requests?: number;
  video_cost_usd?: number;
  token_cost_usd?: number;
}

/** A reading in the documented shape: per-model entries and, when given, the cumulative cost. */
function reading(models: Record<string, Entry> | undefined, cumulative?: number, costField = 'cumulative_cost_usd'): UsageReport {
  return parseUsage({
    account_information: { current_plan: 'pro', ...(models ? { model_specific_usage: models } : {}) },
    billing_information: cumulative === undefined ? {} : { [costField]: cumulative },
  });
}

const verdict = (...args: Parameters<typeof judgeBilling>): string => judgeBilling(...args).verdict;

describe('judgeBilling', () => {
  const before = reading({ [VEO]: { total_requests: 3, successful_requests: 2, video_cost_usd: 1.6, token_cost_usd: 0 } }, 1.6);

  it('billed: one more successful generation (and its cost)', () => {
    const after = reading({ [VEO]: { total_requests: 4, successful_requests: 3, video_cost_usd: 2.4, token_cost_usd: 0 } }, 2.4);
    const j = judgeBilling(before, after, VEO, { costUsd: 0.8 });
    assert.equal(j.verdict, 'billed');
    assert.match(j.reason, /one more successful generation of provider-2\/veo \(cost \$0\.8\)/);
    assert.equal(verdict(before, after, VEO), 'billed', 'without an expected cost too');
  });

  it('billed: the first generation of a model the earlier reading did not list', () => {
    const empty = reading({}, 0);
    const after = reading({ [VEO]: { total_requests: 1, successful_requests: 1, video_cost_usd: 0.8 } }, 0.8);
    assert.equal(verdict(empty, after, VEO), 'billed');
  });

  it('not billed: nothing moved', () => {
    const j = judgeBilling(before, structuredClone(before), VEO);
    assert.equal(j.verdict, 'not_billed');
    assert.match(j.reason, /did not move/);
  });

  it('not billed: the request was counted, as failed, without a cost', () => {
    const after = reading({ [VEO]: { total_requests: 4, successful_requests: 2, video_cost_usd: 1.6, token_cost_usd: 0 } }, 1.6);
    const j = judgeBilling(before, after, VEO);
    assert.equal(j.verdict, 'not_billed');
    assert.match(j.reason, /reached the provider, which counted it as failed/);
  });

  it('cannot tell: the count moved by two (another client)', () => {
    const after = reading({ [VEO]: { total_requests: 5, successful_requests: 4, video_cost_usd: 3.2 } }, 3.2);
    const j = judgeBilling(before, after, VEO);
    assert.equal(j.verdict, 'cannot_tell');
    assert.match(j.reason, /moved by 2 requests: another client/);
  });

  it("another model moving says nothing of this model's own counts; without counts of its own, it cannot tell", () => {
    const b = reading({ [VEO]: { total_requests: 0, successful_requests: 0 }, [KLING]: { total_requests: 1, successful_requests: 1 } });
    const a = reading({ [VEO]: { total_requests: 1, successful_requests: 1 }, [KLING]: { total_requests: 2, successful_requests: 2 } });
    assert.equal(judgeBilling(b, a, VEO).verdict, 'billed');
    const still = reading({ [VEO]: { total_requests: 0, successful_requests: 0 }, [KLING]: { total_requests: 2, successful_requests: 2 } });
    assert.equal(judgeBilling(b, still, VEO).verdict, 'not_billed');
    // Only costs for this model (no counts), and another model moved: its charge cannot be told apart.
    const costOnly = (veo: number, kling: number): ReturnType<typeof reading> =>
      reading({ [VEO]: { video_cost_usd: veo }, [KLING]: { total_requests: kling } });
    const j = judgeBilling(costOnly(0, 1), costOnly(0.4, 2), VEO, { costUsd: 0.4 });
    assert.equal(j.verdict, 'cannot_tell');
    assert.match(j.reason, /provider-2\/kling-v2\.1 moved too/);
  });

  it('cannot tell: a reading is missing, or the endpoint is unavailable', () => {
    const unavailable: UsageFetch = { available: false, status: 404, reason: 'no endpoint' };
    assert.match(judgeBilling(undefined, before, VEO).reason, /before the generation was not read/);
    assert.match(judgeBilling(before, undefined, VEO).reason, /after the generation was not read/);
    assert.match(judgeBilling(unavailable, unavailable, VEO).reason, /no usage endpoint/);
    assert.equal(verdict(before, unavailable, VEO), 'cannot_tell');
    const wrapped: UsageFetch = { available: true, report: before };
    assert.equal(verdict(wrapped, { available: true, report: structuredClone(before) }, VEO), 'not_billed', 'fetchUsage results work too');
  });

  it('cost only: billed when it moved by about one expected generation; ambiguous otherwise', () => {
    const b = reading(undefined, 1.0);
    const a = reading(undefined, 1.8);
    assert.equal(verdict(b, a, VEO, { costUsd: 0.8 }), 'billed');
    assert.equal(verdict(b, a, VEO, { costUsd: 0.7 }), 'billed', 'prices are estimates');
    const noPrice = judgeBilling(b, a, VEO);
    assert.equal(noPrice.verdict, 'cannot_tell');
    assert.match(noPrice.reason, /could be more than one generation/);
    assert.equal(verdict(b, reading(undefined, 2.6), VEO, { costUsd: 0.8 }), 'cannot_tell', 'two generations’ worth');
    assert.equal(verdict(b, reading(undefined, 1.0), VEO, { costUsd: 0.8 }), 'not_billed', 'the cost did not move');
    assert.equal(verdict(b, reading(undefined, 1.0, 'cumulative_token_cost_usd'), VEO), 'cannot_tell', 'different fields do not compare');
  });

  it('cost only, per model: the model’s own cost field moving by one generation', () => {
    const b = parseUsage({ model_specific_usage: { [VEO]: { video_cost_usd: 0.8 } } });
    const a = parseUsage({ model_specific_usage: { [VEO]: { video_cost_usd: '1.6' } } });
    assert.equal(verdict(b, a, VEO, { costUsd: 0.8 }), 'billed');
    assert.equal(verdict(b, a, VEO), 'cannot_tell');
  });

  it('cannot tell: more cost than one generation although one was counted', () => {
    const after = reading({ [VEO]: { total_requests: 4, successful_requests: 3, video_cost_usd: 2.4 } }, 4.0);
    const j = judgeBilling(before, after, VEO, { costUsd: 0.8 });
    assert.equal(j.verdict, 'cannot_tell');
    assert.match(j.reason, /more than one generation's expected \$0\.8/);
  });

  it('cannot tell: the cost moved but no success was counted', () => {
    const after = reading({ [VEO]: { total_requests: 4, successful_requests: 2, video_cost_usd: 1.6 } }, 2.4);
    assert.equal(verdict(before, after, VEO), 'cannot_tell');
  });

  it('total_requests only: one more request is billed; none is not', () => {
    const b = reading({ [VEO]: { total_requests: 7 } });
    assert.equal(verdict(b, reading({ [VEO]: { total_requests: 8 } }), VEO), 'billed');
    assert.equal(verdict(b, reading({ [VEO]: { total_requests: 7 } }), VEO), 'not_billed');
    assert.equal(verdict(b, reading({ [VEO]: { total_requests: 9 } }), VEO), 'cannot_tell');
  });

  it('cannot tell: figures went down, disagree between places, or nothing compares', () => {
    assert.match(judgeBilling(before, reading({ [VEO]: { total_requests: 1, successful_requests: 1 } }), VEO).reason, /went down/);
    const conflicting = parseUsage({
      account_information: { model_specific_usage: { [VEO]: { total_requests: 4 } } },
      model_specific_usage: { [VEO]: { total_requests: 5 } },
    });
    assert.match(judgeBilling(reading({ [VEO]: { total_requests: 3 } }), conflicting, VEO).reason, /two different figures/);
    const bare = parseUsage({ account_information: { current_plan: 'pro' } });
    assert.match(judgeBilling(bare, bare, VEO).reason, /no figure for provider-2\/veo/);
  });

  it('usageMoved sees a change of the model or of the cumulative cost only', () => {
    assert.equal(usageMoved(before, structuredClone(before), VEO), false);
    assert.equal(
      usageMoved(before, reading({ [VEO]: { total_requests: 4, successful_requests: 2, video_cost_usd: 1.6 } }, 1.6), VEO),
      true,
    );
    assert.equal(usageMoved(reading(undefined, 1), reading(undefined, 2), VEO), true);
    assert.equal(usageMoved(before, undefined, VEO), false);
  });
});

describe('readUsageUntilMoved', () => {
  const b = reading({ [VEO]: { total_requests: 1, successful_requests: 1 } });
  const moved = reading({ [VEO]: { total_requests: 2, successful_requests: 2 } });

  /** A reader that returns the given readings in turn (the last one after that). */
  function reader(...readings: Array<UsageReading | Error>): { read: () => Promise<UsageReading>; count: () => number } {
    let n = 0;
    return {
      read: async () => {
        const r = readings[Math.min(n++, readings.length - 1)];
        if (r instanceof Error) throw r;
        return r;
      },
      count: () => n,
    };
  }

  it('reads again after each wait until the figures move, then stops', async () => {
    const waits: number[] = [];
    const r = reader(b, b, moved, moved);
    const result = await readUsageUntilMoved({
      before: b,
      model: VEO,
      read: r.read,
      tries: 5,
      delayMs: 250,
      sleep: async (ms) => void waits.push(ms),
    });
    assert.equal(result.verdict, 'billed');
    assert.equal(result.tries, 3);
    assert.deepEqual(waits, [250, 250, 250]);
    assert.equal(result.after, moved);
  });

  it('gives not billed only once the tries run out, and says so', async () => {
    const r = reader(b);
    const result = await readUsageUntilMoved({ before: b, model: VEO, read: r.read, tries: 3, delayMs: 0, sleep: async () => undefined });
    assert.equal(result.verdict, 'not_billed');
    assert.equal(r.count(), 3);
    assert.match(result.reason, /still so after 3 reads/);
  });

  it('keeps waiting while only total_requests has moved (the success may lag), and stops on "cannot tell"', async () => {
    const counted = reading({ [VEO]: { total_requests: 2, successful_requests: 1 } });
    const twice = reading({ [VEO]: { total_requests: 3, successful_requests: 3 } });
    const result = await readUsageUntilMoved({ before: b, model: VEO, read: reader(counted, twice, moved).read, tries: 5, delayMs: 0 });
    assert.equal(result.verdict, 'cannot_tell');
    assert.equal(result.tries, 2);
  });

  it('stops at once when the endpoint is unavailable, and reads nothing without a reading before', async () => {
    const unavailable: UsageFetch = { available: false, status: 404, reason: 'none' };
    const r = reader(unavailable);
    const result = await readUsageUntilMoved({ before: b, model: VEO, read: r.read, tries: 5, delayMs: 0 });
    assert.equal(result.verdict, 'cannot_tell');
    assert.equal(r.count(), 1);
    const none = reader(moved);
    const skipped = await readUsageUntilMoved({ before: undefined, model: VEO, read: none.read, tries: 5, delayMs: 0 });
    assert.equal(skipped.verdict, 'cannot_tell');
    assert.equal(none.count(), 0);
  });

  it('tries again after a failed read; reports the last failure', async () => {
    const recovered = await readUsageUntilMoved({
      before: b,
      model: VEO,
      read: reader(new Error('socket hang up'), moved).read,
      tries: 3,
      delayMs: 0,
    });
    assert.equal(recovered.verdict, 'billed');
    assert.equal(recovered.error, undefined);
    const failed = await readUsageUntilMoved({
      before: b,
      model: VEO,
      read: reader(new Error('socket hang up')).read,
      tries: 2,
      delayMs: 0,
    });
    assert.equal(failed.verdict, 'cannot_tell');
    assert.match(failed.reason, /The last read failed: socket hang up/);
    assert.equal(failed.tries, 2);
  });

  it('stops when the signal aborts, with the real timer', async () => {
    const ac = new AbortController();
    const r = reader(b);
    setTimeout(() => ac.abort(), 30);
    const t0 = Date.now();
    const result = await readUsageUntilMoved({ before: b, model: VEO, read: r.read, tries: 100, delayMs: 20, signal: ac.signal });
    assert.ok(Date.now() - t0 < 1000);
    assert.ok(r.count() < 5);
    assert.equal(result.verdict, r.count() === 0 ? 'cannot_tell' : 'not_billed');
  });
});

describe('judgeBilling against the emulator', function () {
  this.timeout(30_000);
  const KEY = 'verdict-key-51c0';
  let em: Emulator;
  before(async () => {
    em = await startEmulator({ apiKeys: [KEY] });
  });
  after(() => em.close());
  beforeEach(() => em.reset());

  const read = (): Promise<UsageFetch> => fetchUsage({ baseUrl: em.baseUrl, apiKey: KEY, connection: { ignoreEnvProxy: true } });
  const body = { model: KLING, prompt: 'a fox', quality: '720p', duration: 2, ratio: '16:9' };
  const send = async (scenario?: string): Promise<void> => {
    const prompt = scenario ? `a fox [[emulator:${scenario}]]` : 'a fox';
    try {
      const res = await fetch(`${em.baseUrl}/video/generations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, prompt }),
      });
      await res.arrayBuffer();
    } catch {
      // A dropped connection is what these tests are about.
    }
  };
  const judgeAround = async (act: () => Promise<void>): Promise<string> => {
    const before = await read();
    await act();
    return (await readUsageUntilMoved({ before, model: KLING, read, tries: 2, delayMs: 10, expected: { costUsd: 0.1 } })).verdict;
  };

  it('a drop mid-body after the generation was counted: billed', async () => {
    assert.equal(await judgeAround(() => send('drop_mid_body')), 'billed');
  });

  it('a drop before the emulator counted it: not billed', async () => {
    assert.equal(await judgeAround(() => send('drop_before_headers')), 'not_billed');
    assert.equal(await judgeAround(() => send('drop_mid_body billed=false')), 'not_billed');
  });

  it('no usage endpoint: cannot tell', async () => {
    em.setUsageShape(false);
    assert.equal(await judgeAround(() => send('drop_mid_body')), 'cannot_tell');
  });

  it('another client ran a generation of the same model meanwhile: cannot tell', async () => {
    assert.equal(
      await judgeAround(async () => {
        await send('drop_mid_body');
        em.addUsage({ model: KLING, duration: 2 });
      }),
      'cannot_tell',
    );
  });

  it('each shape the emulator answers in gives the same verdicts', async () => {
    for (const shape of [
      { costField: 'cumulative_token_cost_usd', planField: 'plan', modelUsageAt: 'top_level' },
      { costField: 'legacy', numbersAsStrings: true, videoCostField: null },
    ] as const) {
      em.setUsageShape(shape);
      assert.equal(await judgeAround(() => send('drop_mid_body')), 'billed', JSON.stringify(shape));
      assert.equal(await judgeAround(() => send('drop_before_headers')), 'not_billed', JSON.stringify(shape));
    }
    em.setUsageShape({ modelUsageAt: 'none' });
    assert.equal(await judgeAround(() => send('drop_mid_body')), 'billed', 'cost only, with the expected cost');
  });
});
