import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VideoGenError } from '../../../src/api/errors';
import { checkRequest, runGenerationJob, type JobEnvironment } from '../../../src/generation/job';
import { parseSidecar } from '../../../src/output/sidecar';
import { startEmulator, type Emulator } from '../../emulator/server';

const KEY = 'job-key-77e1b2';

describe('runGenerationJob', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let dir: string;

  before(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
  });
  after(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
    dir = mkdtempSync(join(tmpdir(), 'video-gen-job-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function env(overrides: Partial<JobEnvironment> = {}): JobEnvironment {
    return {
      settings: { baseUrl: emulator.baseUrl, timeoutMs: 30_000, retries: 0, ignoreEnvProxy: true },
      apiKey: KEY,
      outputDir: join(dir, 'videos'),
      userAgent: 'video-gen-vscode/test',
      now: () => new Date(2026, 10, 24, 15, 30, 12),
      ...overrides,
    };
  }

  it('saves the video and a sidecar with the request, metadata and hash', async () => {
    const result = await runGenerationJob(
      checkRequest({ model: 'provider-2/kling-v2.1', prompt: 'Waves at sunset!', quality: '720p', duration: 2, ratio: '9:16' }),
      env(),
    );
    assert.equal(result.files.length, 1);
    const file = result.files[0]!;
    assert.equal(file.path, join(dir, 'videos', '20261124-153012-waves-at-sunset-kling-v2.1.mp4'));
    assert.deepEqual(readdirSync(join(dir, 'videos')).sort(), [
      '20261124-153012-waves-at-sunset-kling-v2.1.json',
      '20261124-153012-waves-at-sunset-kling-v2.1.mp4',
    ]);
    assert.equal(file.metadata?.width, 720);
    assert.equal(file.metadata?.height, 1280);
    assert.deepEqual(file.warnings, []);
    const sidecar = parseSidecar(readFileSync(file.sidecarPath, 'utf8'));
    assert.ok(sidecar, 'the sidecar parses with its schema');
    assert.equal(sidecar.sha256, file.sha256);
    assert.equal(sidecar.request.prompt, 'Waves at sunset!');
    assert.equal(sidecar.metadata?.videoCodec, 'H.264');
    assert.ok(!readFileSync(file.sidecarPath, 'utf8').includes(KEY));
  });

  it('keeps where the take came from (storyboard shot, promoted draft) in its sidecar', async () => {
    const provenance = {
      storyboard: { path: 'boards/launch.md', shotId: 'kite-over-sea' },
      derivedFrom: { path: 'videos/draft.mp4', sha256: 'a'.repeat(64) },
    };
    const result = await runGenerationJob(
      checkRequest({ model: 'provider-2/kling-v2.1', prompt: 'A kite', quality: '720p', duration: 2 }),
      env({ provenance }),
    );
    const sidecar = parseSidecar(readFileSync(result.files[0]!.sidecarPath, 'utf8'));
    assert.deepEqual(sidecar?.storyboard, provenance.storyboard);
    assert.deepEqual(sidecar?.derivedFrom, provenance.derivedFrom);
  });

  it('flags AAC audio that VS Code plays silently', async () => {
    emulator.enqueue({ kind: 'success', audio: true });
    const result = await runGenerationJob(
      checkRequest({ model: 'provider-2/veo-fast', prompt: 'with sound', quality: '720p', duration: 1, ratio: '1:1' }),
      env(),
    );
    assert.equal(result.files[0]!.metadata?.audio?.codecName, 'AAC');
    assert.equal(result.files[0]!.metadata?.playableInVsCode.silentInVsCode, true);
  });

  it("refuses a request invalid for the model before anything is sent, with the API's own code", () => {
    assert.throws(
      () => checkRequest({ model: 'provider-2/sora-2', prompt: 'x', quality: '720p', duration: 8 }),
      (err: unknown) => err instanceof VideoGenError && err.code === 'n_exceeds_model_limit' && /at most 4/.test(err.message),
    );
    assert.throws(
      () => checkRequest({ model: 'provider-2/kling-v2.1', prompt: '  ', quality: '720p', duration: 2 }),
      (err: unknown) => err instanceof VideoGenError && err.code === 'invalid_request_error',
    );
    assert.equal(emulator.requests().length, 0);
  });

  it('leaves nothing when cancelled at each stage: waiting, receiving, saving', async () => {
    const request = { model: 'provider-2/kling-v2.1', prompt: 'cancel me', quality: '720p', duration: 2 };
    // Each case: a scenario, and the progress phase at which to cancel.
    const stages: Array<{ stage: string; scenario?: Parameters<Emulator['enqueue']>[0]; when: string }> = [
      { stage: 'before headers', scenario: { kind: 'slow_headers', delayMs: 5000 }, when: 'connecting' },
      { stage: 'mid-body', scenario: { kind: 'success', chunkSize: 65_536, chunkDelayMs: 20 }, when: 'receiving' },
      { stage: 'while the answer is checked and placed', when: 'saving' },
    ];
    for (const { stage, scenario, when } of stages) {
      emulator.reset();
      if (scenario) emulator.enqueue(scenario);
      const controller = new AbortController();
      await assert.rejects(
        runGenerationJob(checkRequest(request), env(), {
          signal: controller.signal,
          onProgress: (p) => p.phase === when && controller.abort(),
        }),
        (err: unknown) => err instanceof VideoGenError && err.code === 'cancelled',
        stage,
      );
      assert.deepEqual(readdirSync(join(dir, 'videos')), [], `${stage}: no video, sidecar or temporary file is left`);
    }
  });
});
