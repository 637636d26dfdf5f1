import * as assert from 'node:assert/strict';
import { BUILT_IN_CATALOG, type Catalog } from '../../../src/catalog';
import { parseStoryboard } from '../../../src/storyboard/parseStoryboard';
import { StoryboardCache } from '../../../src/storyboard/storyboardCache';
import { asRequest, draftRequest, shotLenses } from '../../../src/storyboard/shotLenses';
import { storyboardPathKey, takesByShot } from '../../../src/storyboard/shotTakes';

const BOARD = [
  '```video',
  'id: opening',
  'prompt: A red kite',
  'model: provider-2/veo',
  'duration: 8',
  'quality: 1080p',
  'ratio: "1:1"',
  '```',
  '```video',
  'prompt: Too long',
  'model: provider-2/kling-v2.1',
  'duration: 9',
  'quality: 720p',
  '```',
  '',
].join('\n');

const EMPTY_DRAFT = { model: '', quality: '', duration: 0 };

function priced(perSecond: number): Catalog {
  return { listingFetched: true, models: BUILT_IN_CATALOG.models.map((m) => ({ ...m, pricing: { per_second: perSecond } })) };
}

describe('Shot lenses: what Generate, Draft and the takes lens say', () => {
  it('gives a valid shot its request, premium mark and draft; no estimate without a price', () => {
    const [first] = shotLenses(parseStoryboard(BOARD), { catalog: BUILT_IN_CATALOG, draft: EMPTY_DRAFT });
    assert.ok(first?.valid);
    assert.deepEqual(first.request, { prompt: 'A red kite', model: 'provider-2/veo', quality: '1080p', duration: 8, ratio: '1:1' });
    assert.equal(first.premium, true);
    assert.equal(first.modelLabel, 'Veo');
    assert.equal(first.estimate, undefined, 'no price, no figure');
    assert.deepEqual(
      { model: first.draft.model, quality: first.draft.quality, duration: first.draft.duration, premium: first.draft.premium },
      { model: 'provider-2/kling-v2.1', quality: '720p', duration: 2, premium: false },
    );
    assert.equal(BOARD.slice(first.range.start, first.range.end), '```video');
  });

  it('adds the estimate when the price list gives one', () => {
    const [first] = shotLenses(parseStoryboard(BOARD), { catalog: priced(0.1), draft: EMPTY_DRAFT });
    assert.ok(first?.valid);
    assert.equal(first.estimate?.currency, 'USD');
    assert.ok(Math.abs(first.estimate.amount - 0.8) < 1e-9);
    assert.ok(Math.abs((first.draft.estimate?.amount ?? 0) - 0.2) < 1e-9);
  });

  it('says what is wrong with an invalid shot instead of offering Generate', () => {
    const [, second] = shotLenses(parseStoryboard(BOARD), { catalog: BUILT_IN_CATALOG, draft: EMPTY_DRAFT });
    assert.equal(second?.valid, false);
    assert.ok(!second.valid && /at most 5/.test(second.problem), !second.valid ? second.problem : '');
    assert.equal(!second.valid && second.problemCount, 1);
  });

  it('attaches each shot its takes by id', () => {
    const takes = takesByShot(
      [
        { sidecar: { savedAt: '2026-12-01T10:00:00Z', storyboard: { path: 'boards/trailer.md', shotId: 'opening' } } },
        { sidecar: { savedAt: '2026-12-01T12:00:00Z', storyboard: { path: 'boards/trailer.md', shotId: 'opening' } } },
        { sidecar: { savedAt: '2026-12-01T13:00:00Z', storyboard: { path: 'other.md', shotId: 'opening' } } },
        { sidecar: { savedAt: '2026-12-01T14:00:00Z' } },
      ],
      'boards\\trailer.md',
    );
    const [first, second] = shotLenses(parseStoryboard(BOARD), { catalog: BUILT_IN_CATALOG, draft: EMPTY_DRAFT, takes });
    assert.equal(first?.takes?.count, 2);
    assert.equal(first.takes.latest, Date.parse('2026-12-01T12:00:00Z'));
    assert.equal(first.takes.entries[0]?.sidecar.savedAt, '2026-12-01T12:00:00Z', 'newest first');
    assert.equal(second?.takes, undefined);
  });

  it('keeps the prompt and ratio in a draft, the preset the rest', () => {
    const shot = parseStoryboard(BOARD).shots[0]!;
    const request = asRequest(shot)!;
    assert.deepEqual(draftRequest(request, { model: 'provider-2/seedance-lite', quality: '1080p', duration: 2 }), {
      prompt: 'A red kite',
      ratio: '1:1',
      model: 'provider-2/seedance-lite',
      quality: '1080p',
      duration: 2,
    });
  });

  it('normalizes the storyboard paths sidecars keep', () => {
    assert.equal(storyboardPathKey('.\\boards\\a.md'), 'boards/a.md');
    assert.equal(storyboardPathKey('/a.md'), 'a.md');
  });
});

describe('Storyboard cache: an unchanged document is not parsed again', () => {
  it('parses once per version and stamp, however many features ask', () => {
    const cache = new StoryboardCache();
    let parses = 0;
    const parse = (): ReturnType<typeof parseStoryboard> => {
      parses++;
      return parseStoryboard(BOARD);
    };
    const first = cache.get('file:///a.md', 1, 0, parse);
    // Diagnostics, quick fixes, CodeLenses, completions and hover of the same version:
    for (let i = 0; i < 5; i++) assert.equal(cache.get('file:///a.md', 1, 0, parse), first);
    shotLenses(cache.get('file:///a.md', 1, 0, parse), { catalog: BUILT_IN_CATALOG, draft: EMPTY_DRAFT });
    assert.equal(parses, 1);
    cache.get('file:///a.md', 2, 0, parse);
    assert.equal(parses, 2, 'an edit parses again');
    cache.get('file:///a.md', 2, 1, parse);
    assert.equal(parses, 3, 'so does a new catalog or settings');
    cache.get('file:///b.md', 1, 1, parse);
    assert.equal(parses, 4);
    assert.equal(cache.size, 2);
  });
});
