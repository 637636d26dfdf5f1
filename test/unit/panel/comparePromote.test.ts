import * as assert from 'node:assert/strict';
import { BUILT_IN_CATALOG } from '../../../src/catalog';
import { finalRequest, planFinal, promotedProvenance, workspaceRelativePath } from '../../../src/panel/comparePromote';

const SHA = 'a'.repeat(64);
const DRAFT = { model: 'provider-2/seedance-lite', prompt: 'a kite over the sea', quality: '1080p', duration: 3, ratio: '16:9' };

describe('promote: derivedFrom and the final request', () => {
  it('writes the draft path relative to its workspace folder with /', () => {
    assert.equal(workspaceRelativePath('/home/u/proj', '/home/u/proj/videos/a.mp4'), 'videos/a.mp4');
    assert.equal(workspaceRelativePath('/home/u/proj/', '/home/u/proj/a.mp4'), 'a.mp4');
    assert.equal(workspaceRelativePath('/c:/Users/u/proj', '/c:/Users/u/proj/videos/take 1.mp4'), 'videos/take 1.mp4');
  });

  it('refuses a path outside the folder or one that climbs out of it', () => {
    assert.equal(workspaceRelativePath('/home/u/proj', '/home/u/project/a.mp4'), undefined);
    assert.equal(workspaceRelativePath('/home/u/proj', '/home/u/proj/../x/a.mp4'), undefined);
    assert.equal(workspaceRelativePath('/home/u/proj', '/home/u/proj'), undefined);
  });

  it('names the draft by path and SHA-256, and keeps its storyboard shot', () => {
    assert.deepEqual(promotedProvenance('videos/a.mp4', { sha256: SHA }), { derivedFrom: { path: 'videos/a.mp4', sha256: SHA } });
    assert.deepEqual(promotedProvenance('videos/a.mp4', { sha256: SHA, storyboard: { path: 'story.md', shotId: 'opening' } }), {
      derivedFrom: { path: 'videos/a.mp4', sha256: SHA },
      storyboard: { path: 'story.md', shotId: 'opening' },
    });
  });

  it('keeps the prompt and ratio and fits the chosen settings to the final model', () => {
    assert.deepEqual(finalRequest(DRAFT, { model: 'provider-2/veo', quality: '1080p', duration: 8 }, BUILT_IN_CATALOG), {
      prompt: 'a kite over the sea',
      model: 'provider-2/veo',
      quality: '1080p',
      duration: 8,
      ratio: '16:9',
    });
    assert.equal(finalRequest(DRAFT, { model: 'provider-2/sora-2', quality: '480p', duration: 8 }, BUILT_IN_CATALOG).duration, 4);
  });

  it('asks for what neither the caller nor a setting fixed, preselecting the last final, else the draft', () => {
    const asked = planFinal({}, {}, {}, DRAFT, BUILT_IN_CATALOG);
    assert.deepEqual(asked, { model: DRAFT.model, quality: '1080p', duration: 3, ask: ['model', 'quality', 'duration'] });
    const last = planFinal({}, {}, { model: 'provider-2/veo', quality: '720p', duration: 6 }, DRAFT, BUILT_IN_CATALOG);
    assert.deepEqual(last, { model: 'provider-2/veo', quality: '720p', duration: 6, ask: ['model', 'quality', 'duration'] });
    const set = planFinal({ duration: 2 }, { model: 'provider-2/sora-2-pro', quality: '1080p' }, {}, DRAFT, BUILT_IN_CATALOG);
    assert.deepEqual(set, { model: 'provider-2/sora-2-pro', quality: '1080p', duration: 2, ask: [] });
  });

  it('brings preselected values within a fixed model', () => {
    const plan = planFinal({}, { model: 'provider-2/sora-2' }, { duration: 8, quality: '480p' }, DRAFT, BUILT_IN_CATALOG);
    assert.deepEqual(plan, { model: 'provider-2/sora-2', quality: '720p', duration: 4, ask: ['quality', 'duration'] });
  });
});
