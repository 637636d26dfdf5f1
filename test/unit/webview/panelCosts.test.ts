import * as assert from 'node:assert/strict';
import { BUILT_IN_CATALOG } from '../../../src/catalog';
import { costTable, usageView } from '../../../src/panel/panelCosts';
import { toWebviewMessage } from '../../../src/shared/protocol';

describe('panel: usage and prices for the page', () => {
  it('names models by their catalog label, most used first, unknown ones by id', () => {
    const view = usageView(
      {
        today: {
          generations: 3,
          seconds: 9,
          byModel: { 'provider-2/veo': { generations: 1, seconds: 5 }, 'provider-2/kling-v2.1': { generations: 2, seconds: 4 } },
        },
        total: {
          generations: 4,
          seconds: 10,
          byModel: {
            'provider-2/veo': { generations: 1, seconds: 5 },
            'provider-2/kling-v2.1': { generations: 2, seconds: 4 },
            'provider-9/new': { generations: 1, seconds: 1 },
          },
        },
      },
      BUILT_IN_CATALOG,
    );
    assert.deepEqual(view.today, {
      generations: 3,
      seconds: 9,
      models: [
        { label: 'Kling v2.1', generations: 2, seconds: 4 },
        { label: 'Veo', generations: 1, seconds: 5 },
      ],
    });
    assert.deepEqual(
      view.total.models.map((m) => m.label),
      ['Kling v2.1', 'provider-9/new', 'Veo'],
    );
    assert.ok(toWebviewMessage.safeParse({ type: 'usage', usage: view }).success, 'the page accepts it');
  });

  it('prices every duration a model offers from the price list, or not at all', () => {
    const perSecond = costTable({ per_second: 0.05, currency: 'USD' }, 5);
    assert.equal(perSecond?.currency, 'USD');
    assert.deepEqual(
      perSecond?.amounts.map((a) => a.toFixed(2)),
      ['0.05', '0.10', '0.15', '0.20', '0.25'],
    );
    assert.deepEqual(costTable({ per_video: '0.3', currency: 'EUR' }, 3), { currency: 'EUR', amounts: [0.3, 0.3, 0.3] });
    for (const unknown of [undefined, null, 'cheap', {}, { per_image: 0.04 }, { per_second: -1 }, { input_per_million_tokens: 0.4 }]) {
      assert.equal(costTable(unknown, 5), undefined, JSON.stringify(unknown));
    }
  });
});
