import * as assert from 'node:assert/strict';
import { formatAmount, formatEstimate, formatUsage } from '../../../src/webview/costText';
import type { UsagePeriod, UsageView } from '../../../src/shared/protocol';
import { PANEL_STRING_KEYS, type PanelStrings } from '../../../src/shared/strings';

// The English templates of panelStrings.ts (which needs vscode, so it cannot be imported here).
const STRINGS: PanelStrings = {
  ...(Object.fromEntries(PANEL_STRING_KEYS.map((k) => [k, k])) as PanelStrings),
  costEstimate: "Estimated cost: about {0} {1} (an estimate from the API's price list).",
  usageNone: 'No videos generated yet.',
  usageLine: 'Today: {0} · In total: {1}',
  usageNoneToday: 'no videos',
  usageOneVideo: '1 video, {0} s',
  usageVideos: '{0} videos, {1} s',
  usageWithModels: '{0} ({1})',
  usageModel: '{0}: {1}',
  usageModelSeparator: ', ',
  usageTotalByModel: 'In total by model: {0}',
};

const EMPTY: UsagePeriod = { generations: 0, seconds: 0, models: [] };

describe('webview: cost text', () => {
  it('writes the usage line with today per model and the total', () => {
    const usage: UsageView = {
      today: {
        generations: 3,
        seconds: 9,
        models: [
          { label: 'Kling v2.1', generations: 2, seconds: 4 },
          { label: 'Veo', generations: 1, seconds: 5 },
        ],
      },
      total: {
        generations: 12,
        seconds: 41,
        models: [
          { label: 'Kling v2.1', generations: 11, seconds: 36 },
          { label: 'Veo', generations: 1, seconds: 5 },
        ],
      },
    };
    assert.deepEqual(formatUsage(usage, STRINGS), {
      line: 'Today: 3 videos, 9 s (Kling v2.1: 2, Veo: 1) · In total: 12 videos, 41 s',
      details: 'In total by model: Kling v2.1: 11, Veo: 1',
    });
  });

  it('says one video in the singular, nothing today, and nothing at all', () => {
    const one: UsagePeriod = { generations: 1, seconds: 2, models: [{ label: 'Seedance Lite', generations: 1, seconds: 2 }] };
    assert.equal(formatUsage({ today: one, total: one }, STRINGS).line, 'Today: 1 video, 2 s (Seedance Lite: 1) · In total: 1 video, 2 s');
    assert.equal(formatUsage({ today: EMPTY, total: one }, STRINGS).line, 'Today: no videos · In total: 1 video, 2 s');
    assert.deepEqual(formatUsage({ today: EMPTY, total: EMPTY }, STRINGS), { line: 'No videos generated yet.', details: '' });
  });

  it('keeps fractional seconds short and model labels as text', () => {
    const odd: UsagePeriod = { generations: 2, seconds: 3.456, models: [{ label: '<b>x</b>', generations: 2, seconds: 3.456 }] };
    assert.equal(
      formatUsage({ today: odd, total: odd }, STRINGS).line,
      'Today: 2 videos, 3.46 s (<b>x</b>: 2) · In total: 2 videos, 3.46 s',
    );
  });

  it('writes an estimate with two decimals, never rounding a real price down to zero', () => {
    assert.equal(
      formatEstimate({ amount: 0.4, currency: 'USD' }, STRINGS),
      "Estimated cost: about 0.40 USD (an estimate from the API's price list).",
    );
    assert.equal(formatAmount(0.15000000000000002), '0.15');
    assert.equal(formatAmount(2), '2.00');
    assert.equal(formatAmount(0), '0.00');
    assert.equal(formatAmount(0.0012), '0.0012');
  });
});
