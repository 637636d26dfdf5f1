import * as assert from 'node:assert/strict';
import { BUILT_IN_CATALOG, type Catalog } from '../../../src/catalog';
import type { Sidecar } from '../../../src/output/sidecar';
import { withOutcome, withSidecar, type VideoDetails } from '../../../src/panel/videoDetailsData';

const base: VideoDetails = {
  name: 'clip.mp4',
  path: 'videos/clip.mp4',
  width: null,
  height: null,
  duration: null,
  bytes: null,
  videoCodec: null,
  audioCodec: null,
  silentInVsCode: false,
  request: null,
  modelLabel: null,
  revisedPrompt: null,
  savedAt: null,
  warnings: [],
};

// A refreshed list that names its models otherwise than the built-in table does.
const refreshed: Catalog = {
  listingFetched: true,
  models: [
    ...BUILT_IN_CATALOG.models.map((m) => (m.id === 'provider-2/veo' ? { ...m, label: 'Veo (as listed)' } : m)),
    { ...BUILT_IN_CATALOG.models[0]!, id: 'provider-9/wan', label: 'Wan from the list', verified: false, advice: null },
  ],
};

const request = { model: 'provider-9/wan', prompt: 'waves', quality: '720p' as const, duration: 3, ratio: '16:9' as const };
const file = {
  bytes: 10,
  sha256: 'a'.repeat(64),
  width: 1280,
  height: 720,
  duration: 3,
  videoCodec: 'avc1',
  audioCodec: null,
  silentInVsCode: false,
  warnings: [],
};

function sidecarFor(model: string): Sidecar {
  return {
    version: 1,
    video: 'clip.mp4',
    request: { ...request, model },
    model,
    revisedPrompt: null,
    created: '2026-01-01T00:00:00Z',
    savedAt: '2026-01-01T00:00:01Z',
    sha256: 'a'.repeat(64),
    bytes: 10,
    source: 'b64_json',
    metadata: null,
    warnings: [],
    generator: 'test',
  };
}

describe('panel: video details name the model as the current catalog does', () => {
  it('after a generation', () => {
    assert.equal(withOutcome(base, file, { request, revisedPrompt: null }, refreshed).modelLabel, 'Wan from the list');
    assert.equal(
      withOutcome(base, file, { request: { ...request, model: 'provider-2/veo' }, revisedPrompt: null }, refreshed).modelLabel,
      'Veo (as listed)',
    );
  });

  it('from a sidecar', () => {
    assert.equal(withSidecar(base, sidecarFor('provider-9/wan'), refreshed).modelLabel, 'Wan from the list');
    assert.equal(withSidecar(base, sidecarFor('provider-2/veo'), refreshed).modelLabel, 'Veo (as listed)');
  });

  it('by id when the catalog does not know the model', () => {
    assert.equal(withSidecar(base, sidecarFor('provider-9/other'), BUILT_IN_CATALOG).modelLabel, 'provider-9/other');
    assert.equal(withSidecar(base, sidecarFor('provider-2/kling-v2.1'), BUILT_IN_CATALOG).modelLabel, 'Kling v2.1');
  });
});
