// The generation client against the real emulator on loopback: every documented error, the
// undocumented failures real servers and proxies produce, cancel, retries, and the streaming save.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateVideo, type GenerateVideoOptions, type GenerationProgress } from '../../../src/api/client';
import { VideoGenError, type VideoGenErrorCode } from '../../../src/api/errors';
import { startEmulator, type Emulator, type ScenarioInput } from '../../emulator/server';

const KEY = 'unit-key-5d1e2c9b7a';

describe('generateVideo against the emulator', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let dir: string;

  before(async () => {
    emulator = await startEmulator({ apiKeys: [KEY], retiredModels: ['provider-2/sora-2'] });
  });
  after(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
    dir = mkdtempSync(join(tmpdir(), 'video-gen-client-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function options(overrides: Partial<GenerateVideoOptions> = {}): GenerateVideoOptions {
    return {
      baseUrl: emulator.baseUrl,
      apiKey: KEY,
      request: { model: 'provider-2/kling-v2.1', prompt: 'waves at sunset', quality: '720p', duration: 2, ratio: '16:9' },
      destinationFor: (index) => join(dir, index === 0 ? 'clip.mp4' : `clip-part${index + 1}.mp4`),
      connection: { ignoreEnvProxy: true },
      retries: 0,
      ...overrides,
    };
  }

  function files(): string[] {
    return readdirSync(dir).sort();
  }

  async function expectFailure(
    code: VideoGenErrorCode,
    scenario: ScenarioInput | undefined,
    overrides: Partial<GenerateVideoOptions> = {},
  ): Promise<VideoGenError> {
    if (scenario) emulator.enqueue(scenario);
    let caught: unknown;
    try {
      await generateVideo(options(overrides));
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof VideoGenError, `expected a VideoGenError, got ${String(caught)}`);
    assert.equal(caught.code, code, caught.message);
    assert.ok(caught.message.includes(code), 'the message carries the code');
    assert.ok(caught.action.length > 10, 'the error says what to do');
    assert.ok(!caught.message.includes(KEY), 'the key never appears in an error');
    assert.deepEqual(files(), [], 'no file and no temporary file remain');
    return caught;
  }

  it('saves a real video, hashing what it wrote, with no temporary file left', async () => {
    const progress: GenerationProgress[] = [];
    const result = await generateVideo(options({ onProgress: (p) => progress.push(p) }));
    assert.equal(result.items.length, 1);
    const item = result.items[0]!;
    assert.equal(item.path, join(dir, 'clip.mp4'));
    const bytes = readFileSync(item.path);
    assert.equal(item.bytes, bytes.length);
    assert.equal(item.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp');
    assert.equal(item.revisedPrompt, 'waves at sunset');
    assert.deepEqual(files(), ['clip.mp4']);
    assert.ok(progress.some((p) => p.phase === 'saving'));
    const sent = emulator.requests().find((r) => r.path === '/v1/video/generations');
    assert.ok(sent);
    assert.match(String(sent.headers['user-agent']), /video-gen/);
  });

  it('decodes \\/ escapes inside b64_json to the same bytes', async () => {
    const plain = await generateVideo(options());
    emulator.enqueue({ kind: 'success', escapeSlashes: true, chunkSize: 4093 });
    const escaped = await generateVideo(options({ destinationFor: () => join(dir, 'escaped.mp4') }));
    assert.equal(escaped.items[0]!.sha256, plain.items[0]!.sha256);
  });

  it('saves the same bytes whatever base64 style the server writes: URL-safe, wrapped, a data URL', async () => {
    for (const base64 of ['url_safe', 'wrapped', 'data_url'] as const) {
      for (const transfer of ['length', 'chunked'] as const) {
        emulator.reset();
        emulator.enqueue({ kind: 'success', base64, transfer, chunkSize: transfer === 'chunked' ? 1021 : undefined });
        const result = await generateVideo(options({ destinationFor: () => join(dir, `${base64}-${transfer}.mp4`) }));
        const sent = emulator.requests()[0]!.videoSha256?.[0];
        assert.ok(sent, 'the emulator logged what it sent');
        assert.equal(result.items[0]!.sha256, sent, `${base64} over ${transfer}`);
      }
    }
  });

  /** Generates against a one-off server that answers every request with `handler`. */
  async function generateAgainst(
    handler: RequestListener,
    overrides: Partial<GenerateVideoOptions> = {},
  ): Promise<Awaited<ReturnType<typeof generateVideo>>> {
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      return await generateVideo(options({ baseUrl: `http://127.0.0.1:${port}/v1`, ...overrides }));
    } finally {
      server.close();
    }
  }

  /** Generates against a one-off server that answers 200 with `answer` as JSON (and `trailer` after it). */
  function generateFrom(answer: unknown, name: string, trailer = ''): Promise<Awaited<ReturnType<typeof generateVideo>>> {
    const body = JSON.stringify(answer) + trailer;
    return generateAgainst((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body), {
      destinationFor: () => join(dir, name),
    });
  }

  it('saves a url answer that is a data URL, without any download', async () => {
    const plain = await generateVideo(options());
    const b64 = readFileSync(plain.items[0]!.path).toString('base64');
    const result = await generateFrom(
      { created: 1, data: [{ b64_json: null, url: `data:video/mp4;base64,${b64}`, revised_prompt: null }] },
      'inline.mp4',
    );
    assert.equal(result.items[0]!.source, 'url');
    assert.equal(result.items[0]!.sha256, plain.items[0]!.sha256);
  });

  it('keeps a complete answer when the connection drops instead of ending the chunked body', async () => {
    emulator.enqueue({ kind: 'drop_mid_body', afterBytes: 1e9, transfer: 'chunked' });
    const result = await generateVideo(options());
    const [logged] = emulator.requests();
    assert.equal(logged!.outcome, 'dropped', 'the emulator dropped the connection after the last byte');
    assert.equal(result.items[0]!.sha256, logged!.videoSha256?.[0]);
    assert.deepEqual(files(), ['clip.mp4']);
  });

  it('keeps a complete answer that junk follows', async () => {
    const plain = await generateVideo(options());
    const b64 = readFileSync(plain.items[0]!.path).toString('base64');
    const result = await generateFrom({ created: 1, data: [{ b64_json: b64 }] }, 'footer.mp4', '\n<!-- proxy footer -->');
    assert.equal(result.items[0]!.sha256, plain.items[0]!.sha256);
  });

  it('saves every usable video of an answer and names the entries that held none', async () => {
    const plain = await generateVideo(options());
    const b64 = readFileSync(plain.items[0]!.path).toString('base64');
    const expired = `http://127.0.0.1:9/expired.mp4`;
    const result = await generateFrom(
      { created: 1, data: [{ b64_json: null, url: null }, { b64_json: b64 }, null, { b64_json: null, url: expired }] },
      'mixed.mp4',
    );
    assert.equal(result.items.length, 1);
    assert.equal(result.items[0]!.index, 1);
    assert.equal(result.items[0]!.sha256, plain.items[0]!.sha256);
    assert.equal(result.skipped.length, 3);
    assert.match(result.skipped[0]!, /Video 1 .* neither data nor a URL/);
    assert.match(result.skipped[1]!, /Video 3 .* null/);
    assert.match(result.skipped[2]!, /Video 4 could not be downloaded/);
    // Nothing usable at all: the failure itself, with its own code.
    await assert.rejects(
      generateFrom({ created: 1, data: [{ b64_json: null, url: expired }] }, 'none.mp4'),
      (err: VideoGenError) => err.code === 'network_error',
    );
    await assert.rejects(
      generateFrom({ created: 1, data: [null, { url: null }] }, 'none2.mp4'),
      (err: VideoGenError) => err.code === 'bad_response',
    );
  });

  it('reads an error inside a 200 as the provider failing, whether the error is an object or text', async () => {
    for (const error of ['generation failed upstream', { message: 'generation failed upstream' }]) {
      await assert.rejects(generateFrom({ error }, 'error-in-200.mp4'), (err: VideoGenError) => {
        assert.equal(err.code, 'provider_error');
        assert.match(err.message, /generation failed upstream/);
        return true;
      });
    }
    assert.deepEqual(files(), []);
  });

  it('does not follow a redirect with the key, and says where the API went', async () => {
    const seen: string[] = [];
    const redirecting: RequestListener = (req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(308, { location: '/v2/video/generations' }).end();
    };
    await assert.rejects(generateAgainst(redirecting, { retries: 0 }), (err: VideoGenError) => {
      assert.equal(err.code, 'bad_response');
      assert.match(err.message, /redirects \(HTTP 308\) to http:\/\/127\.0\.0\.1:\d+\/v2\/video\/generations/);
      assert.match(err.message, /set "videoGen\.baseUrl" to http:\/\/127\.0\.0\.1:\d+\/v2\./);
      return true;
    });
    assert.deepEqual(seen, ['/v1/video/generations'], 'the redirect was not followed');
    assert.deepEqual(files(), []);
  });

  it('keeps a paid video whose answer lacks "created" or writes it as text', async () => {
    const plain = await generateVideo(options());
    const b64 = readFileSync(plain.items[0]!.path).toString('base64');
    const before = Math.floor(Date.now() / 1000);
    const missing = await generateFrom({ data: [{ b64_json: b64 }] }, 'no-created.mp4');
    assert.equal(missing.items[0]!.sha256, plain.items[0]!.sha256);
    assert.ok(missing.created >= before, 'the time it came stands in');
    assert.equal((await generateFrom({ created: '1764000000', data: [{ b64_json: b64 }] }, 'text-created.mp4')).created, 1764000000);
    assert.equal(
      (await generateFrom({ created: '2026-11-24T10:00:00Z', data: [{ b64_json: b64 }] }, 'date-created.mp4')).created,
      Date.parse('2026-11-24T10:00:00Z') / 1000,
    );
  });

  it('saves every item when data holds several', async () => {
    emulator.enqueue({ kind: 'success', items: 3 });
    const result = await generateVideo(options());
    assert.equal(result.items.length, 3);
    assert.deepEqual(files(), ['clip-part2.mp4', 'clip-part3.mp4', 'clip.mp4']);
    assert.equal(new Set(result.items.map((i) => i.sha256)).size, 3);
  });

  it('never overwrites an existing file', async () => {
    writeFileSync(join(dir, 'clip.mp4'), 'precious');
    const result = await generateVideo(options());
    assert.equal(result.items[0]!.path, join(dir, 'clip-2.mp4'));
    assert.equal(readFileSync(join(dir, 'clip.mp4'), 'utf8'), 'precious');
  });

  it('downloads a url answer from another origin without sending the key', async () => {
    emulator.enqueue({ kind: 'url_answer' });
    const result = await generateVideo(options());
    assert.equal(result.items[0]!.source, 'url');
    assert.ok(result.items[0]!.bytes > 1000);
    const download = emulator.requests().find((r) => r.listener === 'files');
    assert.ok(download, 'the file was fetched from the files origin');
    assert.equal(download.authorization, 'missing');
    assert.deepEqual(files(), ['clip.mp4']);
  });

  it('reports an expired url answer as bad_response, leaving nothing and throwing nothing uncaught', async () => {
    // A body closed without being read used to surface as an uncaught RequestAbortedError.
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => void uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const err = await expectFailure('bad_response', { kind: 'url_answer', expiresMs: 0 });
      assert.match(err.message, /HTTP 403/);
      assert.equal(err.mayHaveBeenBilled, true);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(uncaught, []);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('maps each documented error to its type, with an actionable message', async () => {
    await expectFailure('invalid_request_error', { kind: 'invalid_request_error' });
    await expectFailure('n_exceeds_model_limit', { kind: 'n_exceeds_model_limit' });
    await expectFailure('permission_denied_error', { kind: 'permission_denied_error' });
    await expectFailure('provider_error', { kind: 'provider_error' });
    await expectFailure('upstream_timeout', { kind: 'upstream_timeout' });
    const limited = await expectFailure('rate_limit_exceeded', { kind: 'rate_limited', retryAfter: 7 });
    assert.equal(limited.retryAfterSeconds, 7);
    assert.match(limited.message, /Wait 7 s/);
  });

  it('reports a refused key without ever repeating it', async () => {
    const err = await expectFailure('invalid_api_key', undefined, { apiKey: `${KEY}-wrong` });
    assert.equal(err.status, 401);
    const echoed = await expectFailure('invalid_api_key', { kind: 'invalid_api_key', message: `Incorrect API key provided: ${KEY}` });
    assert.ok(!echoed.message.includes(KEY));
    assert.match(echoed.message, /\[redacted\]/);
  });

  it('validates on the server too: a duration beyond the model limit', async () => {
    await expectFailure('n_exceeds_model_limit', undefined, {
      request: { model: 'provider-2/kling-v2.1', prompt: 'x', quality: '720p', duration: 8 },
    });
  });

  it('waits for Retry-After and retries a 429 when retries are allowed', async () => {
    emulator.enqueue({ kind: 'rate_limited', retryAfter: 1 });
    const started = Date.now();
    const result = await generateVideo(options({ retries: 1 }));
    assert.equal(result.attempts, 2);
    assert.ok(Date.now() - started >= 900, 'it waited for Retry-After');
  });

  it('reports a 429 at once when the caller waits for rate limits itself (a queue)', async () => {
    emulator.enqueue({ kind: 'rate_limited', retryAfter: 1 });
    const started = Date.now();
    const err = await expectFailure('rate_limit_exceeded', undefined, { retries: 2, retryRateLimits: false });
    assert.equal(err.retryAfterSeconds, 1);
    assert.ok(Date.now() - started < 900, 'it did not wait for Retry-After');
  });

  it('does not wait for a Retry-After beyond its bound', async () => {
    emulator.enqueue({ kind: 'rate_limited', retryAfter: 3600 });
    const err = await expectFailure('rate_limit_exceeded', undefined, { retries: 2, maxRetryAfterSeconds: 60 });
    assert.equal(err.retryAfterSeconds, 3600);
  });

  it('explains an HTML 502 from a proxy', async () => {
    const err = await expectFailure('bad_response', { kind: 'proxy_html', status: 502 });
    assert.match(err.message, /HTML page/);
    assert.equal(err.status, 502);
  });

  it('reads plain text and other JSON error shapes', async () => {
    const text = await expectFailure('bad_response', { kind: 'plain_text_error', status: 503, text: 'upstream overloaded' });
    assert.match(text.message, /upstream overloaded/);
    const message = await expectFailure('provider_error', { kind: 'json_message_error', status: 500, message: 'generation crashed' });
    assert.match(message.message, /generation crashed/);
    const detail = await expectFailure('invalid_request_error', { kind: 'json_detail_error', status: 422, detail: 'prompt too long' });
    assert.match(detail.message, /prompt too long/);
    const issues = await expectFailure('invalid_request_error', {
      kind: 'json_detail_error',
      status: 422,
      detail: [{ loc: ['body', 'duration'], msg: 'must be an integer', type: 'int_parsing' }],
    });
    assert.match(issues.message, /The server said: "body\.duration: must be an integer"/);
  });

  describe("errors in the wrapper the provider's own web client reads", () => {
    /** The message must carry the server's words, and never the body's JSON. */
    function assertOwnWords(err: VideoGenError, words: RegExp): void {
      assert.match(err.message, words);
      assert.ok(!/[{}]|"detail"|"error"/.test(err.message), `no raw JSON in: ${err.message}`);
    }

    it("reads a wrapped 400 as an invalid request, in the server's words", async () => {
      const err = await expectFailure('invalid_request_error', {
        kind: 'wrapped_error',
        status: 400,
        type: 'invalid_request_error',
        message: 'Duration must be between 1 and 8 seconds.',
        param: 'duration',
      });
      assert.equal(err.status, 400);
      assertOwnWords(err, /Duration must be between 1 and 8 seconds\./);
    });

    it("reads a wrapped 403 provider_plan_restricted as permission denied, keeping the server's words", async () => {
      for (const wrapper of ['detail', 'none'] as const) {
        const err = await expectFailure('permission_denied_error', {
          kind: 'wrapped_error',
          wrapper,
          status: 403,
          type: 'permission_denied',
          code: 'provider_plan_restricted',
          message: 'Your current plan does not include provider-2. Upgrade to Pro.',
        });
        assert.equal(err.status, 403);
        assertOwnWords(err, /Your current plan does not include provider-2\. Upgrade to Pro\./);
      }
    });

    it('reads provider_prefix_missing_or_model_not_found as a model that is not served, and suggests one', async () => {
      for (const [wrapper, status] of [
        ['detail', 400],
        ['none', 404],
        ['detail', 404],
      ] as const) {
        const err = await expectFailure(
          'model_unavailable',
          {
            kind: 'wrapped_error',
            wrapper,
            status,
            type: 'invalid_request_error',
            code: 'provider_prefix_missing_or_model_not_found',
            message: 'Model kling-v2.1 not found; ids need their provider prefix.',
          },
          { request: { model: 'kling-v2.1', prompt: 'x', quality: '720p', duration: 2 }, suggestModel: () => 'provider-2/kling-v2.1' },
        );
        assertOwnWords(err, /Model kling-v2\.1 not found; ids need their provider prefix\./);
        assert.match(err.summary, /provider/, 'our own sentence says what is wrong with the id');
        assert.equal(err.suggestedModel, 'provider-2/kling-v2.1');
      }
    });

    it('answers the same through a prompt directive', async () => {
      const err = await expectFailure('permission_denied_error', undefined, {
        request: {
          model: 'provider-2/veo',
          prompt: 'x [[emulator:wrapped_error status=403 type=permission_denied code=provider_plan_restricted]]',
          quality: '720p',
          duration: 2,
        },
      });
      assertOwnWords(err, /plan does not include this provider/);
    });

    it('reads an error wrapped in detail inside a 200 as the provider failing', async () => {
      await assert.rejects(
        generateFrom(
          { detail: { error: { type: 'provider_error', code: null, message: 'generation failed upstream', param: null } } },
          'wrapped-200.mp4',
        ),
        (err: VideoGenError) => {
          assert.equal(err.code, 'provider_error');
          assertOwnWords(err, /generation failed upstream/);
          return true;
        },
      );
    });
  });

  it('treats an error inside a 200 as that error', async () => {
    await expectFailure('provider_error', { kind: 'error_in_200', type: 'provider_error' });
  });

  it('says plainly that a retired model is gone and suggests another', async () => {
    const err = await expectFailure('model_unavailable', undefined, {
      request: { model: 'provider-2/sora-2', prompt: 'x', quality: '720p', duration: 2 },
      suggestModel: () => 'provider-2/kling-v2.1',
    });
    assert.match(err.message, /provider-2\/sora-2/);
    assert.match(err.message, /provider-2\/kling-v2\.1/);
  });

  it('times out waiting for headers, and succeeds when the wait is allowed', async () => {
    const err = await expectFailure(
      'timeout',
      { kind: 'slow_headers', delayMs: 1500 },
      { connection: { ignoreEnvProxy: true, timeoutMs: 300 } },
    );
    assert.equal(err.mayHaveBeenBilled, true);
    emulator.enqueue({ kind: 'slow_headers', delayMs: 600 });
    const ok = await generateVideo(options({ connection: { ignoreEnvProxy: true, timeoutMs: 5000 } }));
    assert.equal(ok.items.length, 1);
  });

  it('gives up on a body that stalls, leaving nothing', async () => {
    await expectFailure('timeout', { kind: 'stall_body', fraction: 0.4 }, { connection: { ignoreEnvProxy: true, timeoutMs: 500 } });
  });

  it('reports a connection dropped mid-body as possibly billed', async () => {
    const err = await expectFailure('network_error', { kind: 'drop_mid_body', fraction: 0.5 });
    assert.equal(err.mayHaveBeenBilled, true);
  });

  it('does not retry a connection dropped after the request was sent', async () => {
    await expectFailure('network_error', { kind: 'drop_before_headers' }, { retries: 3 });
    assert.equal(emulator.requests().filter((r) => r.path === '/v1/video/generations').length, 1);
  });

  it('retries a connection that was refused, then reports it', async () => {
    const closed = await startEmulator({ apiKeys: [KEY] });
    const baseUrl = closed.baseUrl;
    await closed.close();
    const started = Date.now();
    const err = await expectFailure('network_error', undefined, { baseUrl, retries: 2 });
    assert.equal(err.mayHaveBeenBilled, false);
    assert.ok(Date.now() - started >= 500, 'it backed off between attempts');
  });

  it('rejects truncated JSON, invalid base64 and an empty data array', async () => {
    await expectFailure('bad_response', { kind: 'truncated_json', fraction: 0.6 });
    await expectFailure('bad_response', { kind: 'invalid_base64' });
    await expectFailure('bad_response', { kind: 'empty_data' });
  });

  it('cancels mid-body at once, leaving nothing', async () => {
    emulator.enqueue({ kind: 'success', chunkSize: 16 * 1024, chunkDelayMs: 20 });
    const controller = new AbortController();
    let caught: unknown;
    const started = Date.now();
    try {
      await generateVideo(
        options({
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'receiving' && (p.receivedBytes ?? 0) > 200 * 1024) controller.abort();
          },
        }),
      );
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof VideoGenError);
    assert.equal(caught.code, 'cancelled');
    assert.ok(Date.now() - started < 10_000);
    assert.deepEqual(files(), []);
  });
});
