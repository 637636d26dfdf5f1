import * as assert from 'node:assert/strict';
import { NO_FILTER, NO_STORYBOARD, filterChoices, filterTakes, gridStep, posterTime } from '../../../src/webview/galleryModel';
import type { HistoryItem } from '../../../src/shared/protocol';

function take(id: string, over: Partial<HistoryItem> = {}): HistoryItem {
  return {
    id,
    name: `${id}.mp4`,
    prompt: `prompt of ${id}`,
    modelId: 'provider-2/kling-v2.1',
    modelLabel: 'Kling v2.1',
    src: null,
    storyboard: null,
    derivedFrom: null,
    savedAt: '2026-12-02T10:00:00.000Z',
    request: null,
    width: 1280,
    height: 720,
    duration: 2,
    ...over,
  };
}

const NOW = new Date('2026-12-02T12:00:00.000Z');
const TAKES = [
  take('a', { prompt: 'A red kite over the sea', savedAt: '2026-12-02T09:00:00.000Z' }),
  take('b', { prompt: 'A lighthouse at DUSK', modelId: 'provider-2/veo', modelLabel: 'Veo', savedAt: '2026-11-29T09:00:00.000Z' }),
  take('c', { prompt: 'Kite festival', storyboard: { path: 'boards/launch.md', shotId: 'kites' }, savedAt: '2026-12-02T11:00:00.000Z' }),
  take('d', { prompt: 'Old take', modelId: 'provider-2/veo', modelLabel: 'Veo', savedAt: '2026-10-01T09:00:00.000Z' }),
];

describe('Gallery: filters, menus and keyboard moves', () => {
  it('keeps every take, newest first, with no filter', () => {
    assert.deepEqual(
      filterTakes(TAKES, NO_FILTER, NOW).map((t) => t.id),
      ['c', 'a', 'b', 'd'],
    );
  });

  it('narrows by every word of the prompt, any case', () => {
    assert.deepEqual(
      filterTakes(TAKES, { ...NO_FILTER, text: 'kite' }, NOW).map((t) => t.id),
      ['c', 'a'],
    );
    assert.deepEqual(
      filterTakes(TAKES, { ...NO_FILTER, text: 'dusk  lighthouse' }, NOW).map((t) => t.id),
      ['b'],
    );
    assert.deepEqual(filterTakes(TAKES, { ...NO_FILTER, text: 'kite dusk' }, NOW), []);
  });

  it('narrows by model, storyboard (or none) and date', () => {
    assert.deepEqual(
      filterTakes(TAKES, { ...NO_FILTER, model: 'provider-2/veo' }, NOW).map((t) => t.id),
      ['b', 'd'],
    );
    assert.deepEqual(
      filterTakes(TAKES, { ...NO_FILTER, storyboard: 'boards/launch.md' }, NOW).map((t) => t.id),
      ['c'],
    );
    assert.deepEqual(
      filterTakes(TAKES, { ...NO_FILTER, storyboard: NO_STORYBOARD }, NOW).map((t) => t.id),
      ['a', 'b', 'd'],
    );
    assert.deepEqual(
      filterTakes(TAKES, { ...NO_FILTER, range: 'week' }, NOW).map((t) => t.id),
      ['c', 'a', 'b'],
    );
    assert.deepEqual(
      filterTakes(TAKES, { ...NO_FILTER, range: 'month' }, NOW).map((t) => t.id),
      ['c', 'a', 'b'],
    );
    assert.deepEqual(filterTakes([...TAKES, take('bad', { savedAt: 'not a date' })], { ...NO_FILTER, range: 'week' }, NOW).length, 3);
  });

  it('offers the models and storyboards the takes have, most used first', () => {
    const choices = filterChoices(TAKES);
    assert.deepEqual(
      choices.models.map((m) => [m.id, m.count]),
      [
        ['provider-2/kling-v2.1', 2],
        ['provider-2/veo', 2],
      ],
    );
    assert.deepEqual(choices.storyboards, [{ path: 'boards/launch.md', count: 1 }]);
    assert.equal(choices.loose, 3);
  });

  it('moves the focus in a grid with the arrow keys, staying inside it', () => {
    // 7 tiles, 3 to a row: 0 1 2 / 3 4 5 / 6
    assert.equal(gridStep(0, 'ArrowRight', 7, 3), 1);
    assert.equal(gridStep(0, 'ArrowLeft', 7, 3), 0);
    assert.equal(gridStep(1, 'ArrowDown', 7, 3), 4);
    assert.equal(gridStep(4, 'ArrowDown', 7, 3), 4, 'no tile below: stays');
    assert.equal(gridStep(3, 'ArrowDown', 7, 3), 6);
    assert.equal(gridStep(6, 'ArrowUp', 7, 3), 3);
    assert.equal(gridStep(1, 'ArrowUp', 7, 3), 1);
    assert.equal(gridStep(4, 'Home', 7, 3), 0);
    assert.equal(gridStep(4, 'End', 7, 3), 6);
    assert.equal(gridStep(0, 'PageDown', 7, 3), 6);
    assert.equal(gridStep(2, 'Enter', 7, 3), undefined);
    assert.equal(gridStep(0, 'ArrowRight', 0, 3), undefined);
  });

  it('takes the poster half a second in, or in the middle of a shorter clip', () => {
    assert.equal(posterTime(5), 0.5);
    assert.equal(posterTime(0.4), 0.2);
    assert.equal(posterTime(null), 0.5);
    assert.equal(posterTime(Number.NaN), 0.5);
  });
});
