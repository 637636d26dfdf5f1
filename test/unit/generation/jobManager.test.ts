// The JobManager in plain Node (a stand-in `vscode` module), against the emulator: the defects a
// review found in how a start is registered, cancelled, counted and cleaned up.
import { FakeUri, fakeVscode } from '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VideoGenError } from '../../../src/api/errors';
import { BUILT_IN_CATALOG } from '../../../src/catalog';
import { JobJournal } from '../../../src/generation/jobJournal';
import { JobManager, type JobManagerDeps } from '../../../src/generation/jobManager';
import { SecretStorageUnavailableError } from '../../../src/secrets/apiKeyStore';
import { startEmulator, type Emulator } from '../../emulator/server';

const KEY = 'job-manager-key-4d1c';
const REQUEST = { model: 'provider-2/kling-v2.1', prompt: 'job manager', quality: '720p', duration: 1, ratio: '16:9' };
const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

function memento(): { get<T>(k: string): T | undefined; update(k: string, v: unknown): Promise<void> } {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => void data.set(k, v) };
}

function stagingFolders(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('video-gen-stage-'));
}

describe('JobManager', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let dir: string;
  let journalDir: string;

  before(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
  });
  after(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
    fakeVscode.reset();
    fakeVscode.settings.set('videoGen.baseUrl', emulator.baseUrl);
    dir = mkdtempSync(join(tmpdir(), 'video-gen-manager-'));
    journalDir = join(dir, 'journal');
    fakeVscode.workspaceFolders = [{ uri: FakeUri.file(join(dir, 'ws')), name: 'ws', index: 0 }];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function manager(overrides: Partial<JobManagerDeps> = {}): JobManager {
    return new JobManager({
      context: { globalState: memento() } as unknown as JobManagerDeps['context'],
      keys: { get: async () => KEY } as unknown as JobManagerDeps['keys'],
      catalog: { current: BUILT_IN_CATALOG } as unknown as JobManagerDeps['catalog'],
      log: quietLog as unknown as JobManagerDeps['log'],
      userAgent: 'video-gen-vscode/test',
      askForKey: async () => undefined,
      journal: new JobJournal(journalDir),
      ...overrides,
    });
  }

  const generations = (): number => emulator.requests().filter((r) => r.path.endsWith('/video/generations')).length;

  it('saves a generation (the path the other tests break)', async () => {
    const outcome = await manager().start(REQUEST, { interactive: false, source: 'command' });
    assert.equal(outcome.files.length, 1);
    assert.equal(generations(), 1);
  });

  it("sends nothing when the caller's signal was aborted before the job was under way", async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      manager().start(REQUEST, { interactive: false, source: 'tool', signal: controller.signal }),
      (e: unknown) => e instanceof VideoGenError && e.code === 'cancelled',
    );
    // A signal aborted while the key is read (the tool's cancellation during a prompt).
    const late = new AbortController();
    const slowKeys = { get: async () => (late.abort(), KEY) } as unknown as JobManagerDeps['keys'];
    await assert.rejects(
      manager({ keys: slowKeys }).start(REQUEST, { interactive: false, source: 'tool', signal: late.signal }),
      (e: unknown) => e instanceof VideoGenError && e.code === 'cancelled',
    );
    assert.equal(generations(), 0, 'no request reached the API');
  });

  it("holds a started job at a queue's gate before anything is sent, and a cancel there sends nothing", async () => {
    const jobs = manager();
    let open: (waited: boolean) => void = () => undefined;
    let firstCalls = 0;
    const gated = jobs.start(REQUEST, {
      interactive: false,
      source: 'storyboard',
      // Shut the first time (until opened), open at once after that.
      waitToSend: async () => (++firstCalls === 1 ? new Promise<boolean>((resolve) => (open = resolve)) : false),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(jobs.running.length, 1, 'the job is listed while it waits');
    assert.equal(emulator.requests().length, 0, 'no usage read and no generation while the gate is shut');
    open(true);
    assert.equal((await gated).files.length, 1);
    assert.equal(firstCalls, 2, 'it waited, so the gate was asked again after the usage was read');
    assert.equal(generations(), 1);

    const controller = new AbortController();
    const cancelled = jobs.start(REQUEST, {
      interactive: false,
      source: 'storyboard',
      signal: controller.signal,
      waitToSend: (signal) =>
        new Promise<boolean>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await assert.rejects(cancelled, (e: unknown) => e instanceof VideoGenError && e.code === 'cancelled');
    assert.equal(generations(), 1, 'the cancelled one was never sent');
  });

  it('cleans up a job whose registration fails: not left running, shutdown does not wait, journal crossed out', async () => {
    const jobs = manager();
    const failing = jobs.start(REQUEST, {
      interactive: false,
      source: 'panel',
      onStarted: () => {
        throw new Error('the panel could not list the job');
      },
    });
    await assert.rejects(failing, (e: unknown) => e instanceof VideoGenError && /could not list the job/.test(e.message));
    assert.equal(jobs.running.length, 0, 'the job is not listed as running');
    const started = Date.now();
    await jobs.shutdown(3000);
    assert.ok(Date.now() - started < 1000, 'shutdown had nothing to wait for');
    const left = (() => {
      try {
        return readdirSync(journalDir);
      } catch {
        return [];
      }
    })();
    assert.deepEqual(left, [], 'the journal holds no entry for the job');
  });

  it('lets 8 concurrent starts with a daily limit of 3 send exactly 3, and gives back what cost nothing', async () => {
    fakeVscode.settings.set('videoGen.dailyGenerationLimit', 3);
    const jobs = manager();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        jobs.start({ ...REQUEST, prompt: `limit ${n}` }, { interactive: false, source: 'command' }).then(
          () => 'saved',
          (e: VideoGenError) => e.code,
        ),
      ),
    );
    assert.equal(outcomes.filter((o) => o === 'saved').length, 3, outcomes.join(', '));
    assert.equal(generations(), 3);
    assert.equal(jobs.generationsCountedToday, 3);
    // A refusal that cost nothing (a 400) gives its place back; a timeout keeps it (it may be billed).
    fakeVscode.settings.set('videoGen.dailyGenerationLimit', 5);
    emulator.enqueue({ kind: 'invalid_request_error' });
    await assert.rejects(jobs.start(REQUEST, { interactive: false, source: 'command' }));
    assert.equal(jobs.generationsCountedToday, 3, 'a refused request is not counted');
    emulator.enqueue({ kind: 'drop_mid_body', fraction: 0.5 });
    await assert.rejects(jobs.start(REQUEST, { interactive: false, source: 'command' }));
    assert.equal(jobs.generationsCountedToday, 4, 'a dropped answer that may have been billed is counted');
  });

  it('holds a monthly count and a dollar budget under 8 concurrent starts, refusing with budget_exceeded', async () => {
    // Kling at 0.05 USD a second from the price list: 1 s each; a daily budget of 0.15 USD is 3 of them.
    const priced = {
      ...BUILT_IN_CATALOG,
      models: BUILT_IN_CATALOG.models.map((m) => (m.id === REQUEST.model ? { ...m, pricing: { per_second: 0.05 } } : m)),
    };
    const catalog = { current: priced } as unknown as JobManagerDeps['catalog'];
    const startMany = (jobs: JobManager): Promise<string[]> =>
      Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          jobs.start({ ...REQUEST, prompt: `budget ${n}` }, { interactive: false, source: 'tool' }).then(
            () => 'saved',
            (e: VideoGenError) => e.code,
          ),
        ),
      );
    fakeVscode.settings.set('videoGen.dailyBudgetUsd', 0.15);
    const dollars = manager({ catalog });
    const outcomes = await startMany(dollars);
    assert.deepEqual(outcomes.filter((o) => o === 'saved').length, 3, outcomes.join(', '));
    assert.deepEqual(outcomes.filter((o) => o === 'budget_exceeded').length, 5, outcomes.join(', '));
    assert.equal(generations(), 3);
    assert.deepEqual(dollars.remainingBudgets(), { dailyUsd: 0 });
    fakeVscode.settings.delete('videoGen.dailyBudgetUsd');

    emulator.reset();
    fakeVscode.settings.set('videoGen.monthlyGenerationLimit', 3);
    const monthly = manager();
    assert.deepEqual((await startMany(monthly)).filter((o) => o === 'saved').length, 3);
    assert.equal(generations(), 3);
    await assert.rejects(
      monthly.start(REQUEST, { interactive: false, source: 'command' }),
      (e: VideoGenError) => e.code === 'budget_exceeded' && /monthly limit of 3/.test(e.message),
    );
  });

  it('removes the staging folder of a generation into another file system, whatever happens', async () => {
    fakeVscode.workspaceFolders = [{ uri: FakeUri.from({ scheme: 'memfs', path: '/project' }), name: 'memfs', index: 0 }];
    const before = stagingFolders();
    const jobs = manager();
    emulator.enqueue({ kind: 'provider_error' });
    await assert.rejects(
      jobs.start(REQUEST, { interactive: false, source: 'command' }),
      (e: unknown) => e instanceof VideoGenError && e.code === 'provider_error',
    );
    assert.deepEqual(stagingFolders(), before, 'failed at the API: no staging folder left');
    fakeVscode.failCopies = true;
    await assert.rejects(jobs.start(REQUEST, { interactive: false, source: 'command' }));
    assert.deepEqual(stagingFolders(), before, 'failed while copying into the workspace: no staging folder left');
    fakeVscode.failCopies = false;
    const outcome = await jobs.start(REQUEST, { interactive: false, source: 'command' });
    assert.equal(outcome.files[0]!.uri.scheme, 'memfs');
    assert.ok(fakeVscode.otherFs.has(outcome.files[0]!.uri.toString()), 'the video was copied into the workspace');
    assert.deepEqual(stagingFolders(), before, 'saved: no staging folder left');
  });

  it('answers "was I billed?" from the provider\'s usage when the answer is lost', async () => {
    const jobs = manager({ billingTiming: { beforeTimeoutMs: 2000, tries: 2, delayMs: 50 } });
    const lost = async (scenario: Parameters<Emulator['enqueue']>[0], during?: () => void): Promise<VideoGenError> => {
      emulator.enqueue(scenario);
      const started = jobs.start(REQUEST, { interactive: false, source: 'command' });
      during?.();
      return started.then(
        () => assert.fail('expected the generation to fail'),
        (e: VideoGenError) => e,
      );
    };
    const billed = await lost({ kind: 'drop_mid_body', fraction: 0.5 });
    assert.equal(billed.code, 'network_error');
    assert.equal(billed.billing?.verdict, 'billed', billed.billing?.reason);
    const notBilled = await lost({ kind: 'drop_mid_body', fraction: 0.5, billed: false });
    assert.equal(notBilled.billing?.verdict, 'not_billed', notBilled.billing?.reason);
    assert.equal(notBilled.mayHaveBeenBilled, false);
    // No answer had begun (the connection closed before the headers): nothing moved yet is not
    // "not billed", since the provider may still finish the generation.
    const early = await lost({ kind: 'drop_before_headers' });
    assert.equal(early.billing?.verdict, 'cannot_tell', early.billing?.reason);
    assert.match(early.billing?.reason ?? '', /may still finish/);
    // Another client of the same key generates meanwhile: the figures moved by two.
    const busy = await lost({ kind: 'drop_mid_body', fraction: 0.5, delayMs: 400 }, () =>
      setTimeout(() => emulator.addUsage({ model: REQUEST.model, requests: 1 }), 150),
    );
    assert.equal(busy.billing?.verdict, 'cannot_tell', busy.billing?.reason);
    // A server without the usage endpoint.
    emulator.setUsageShape({ available: false });
    const unknown = await lost({ kind: 'drop_mid_body', fraction: 0.5 });
    assert.equal(unknown.billing?.verdict, 'cannot_tell');
    assert.equal(unknown.mayHaveBeenBilled, true);
    // A failure that cost nothing is not checked (and no usage is read after it).
    emulator.enqueue({ kind: 'invalid_request_error' });
    const refused = await jobs.start(REQUEST, { interactive: false, source: 'command' }).catch((e: VideoGenError) => e);
    assert.equal((refused as VideoGenError).billing, undefined);
  });

  it('reports a secret storage that fails as a VideoGenError, sending nothing', async () => {
    const broken = {
      get: async () => {
        throw new SecretStorageUnavailableError('no keyring');
      },
    } as unknown as JobManagerDeps['keys'];
    await assert.rejects(
      manager({ keys: broken }).start(REQUEST, { interactive: false, source: 'command' }),
      (e: unknown) => e instanceof VideoGenError && e.code === 'invalid_api_key' && /no keyring/.test(e.message),
    );
    assert.equal(generations(), 0);
  });
});
