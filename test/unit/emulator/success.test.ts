// Successful answers carry real, playable H.264 MP4s of the requested size and length.
import * as assert from 'node:assert/strict';
import { request } from 'undici';
import { clipDimensions } from '../../emulator/mp4';
import { startEmulator, type Emulator } from '../../emulator/server';
import { generate, genBody, isStrictBase64, KEY, probe, type SuccessJson } from './helpers';

describe('emulator: successful generations', function () {
  this.timeout(60_000);
  let em: Emulator;

  before(async () => {
    em = await startEmulator({
      // The documented models have no 480p; a server-only model lets the 480p sizes be checked.
      extraModels: [
        {
          id: 'provider-2/test-480',
          provider: 'Test',
          maxDuration: 8,
          qualities: ['480p', '720p', '1080p'],
          advice: 'daily',
          usdPerSecond: 0.01,
          created: 1_700_000_000,
        },
      ],
    });
  });
  after(() => em.close());
  beforeEach(() => em.reset());

  async function videoOf(res: Response): Promise<{ json: SuccessJson; mp4: Buffer }> {
    assert.equal(res.status, 200);
    const json = (await res.json()) as SuccessJson;
    const first = json.data[0];
    assert.ok(first?.b64_json);
    assert.ok(isStrictBase64(first.b64_json));
    return { json, mp4: Buffer.from(first.b64_json, 'base64') };
  }

  it('computes frame sizes from quality and ratio (short side = quality)', () => {
    assert.deepEqual(clipDimensions('720p', '16:9'), { width: 1280, height: 720 });
    assert.deepEqual(clipDimensions('720p', '9:16'), { width: 720, height: 1280 });
    assert.deepEqual(clipDimensions('1080p', '4:3'), { width: 1440, height: 1080 });
    assert.deepEqual(clipDimensions('1080p', '3:4'), { width: 1080, height: 1440 });
    assert.deepEqual(clipDimensions('480p', '16:9'), { width: 854, height: 480 });
    assert.deepEqual(clipDimensions('480p', '9:16'), { width: 480, height: 854 });
    assert.deepEqual(clipDimensions('1080p', '1:1'), { width: 1080, height: 1080 });
    assert.deepEqual(clipDimensions('1080p', '16:9'), { width: 1920, height: 1080 });
  });

  const combos: Array<{ model: string; quality: string; ratio?: string; duration: number; w: number; h: number }> = [
    { model: 'provider-2/kling-v2.1', quality: '720p', ratio: '16:9', duration: 2, w: 1280, h: 720 },
    { model: 'provider-2/kling-v2.1', quality: '720p', duration: 1, w: 720, h: 1280 }, // default ratio 9:16
    { model: 'provider-2/seedance-lite', quality: '1080p', ratio: '4:3', duration: 1, w: 1440, h: 1080 },
    { model: 'provider-2/test-480', quality: '480p', ratio: '16:9', duration: 3, w: 854, h: 480 },
    { model: 'provider-2/test-480', quality: '480p', ratio: '1:1', duration: 1, w: 480, h: 480 },
    { model: 'provider-2/veo-fast', quality: '720p', ratio: '3:4', duration: 8, w: 720, h: 960 },
  ];
  for (const c of combos) {
    it(`returns a real ${c.w}x${c.h} H.264 MP4 of ${c.duration}s for ${c.quality} ${c.ratio ?? '(default ratio)'}`, async () => {
      const body = genBody({ model: c.model, quality: c.quality, duration: c.duration, ratio: c.ratio });
      if (c.ratio === undefined) delete body.ratio;
      const res = await generate(em, body);
      assert.ok(res.headers.get('content-length'), 'a plain success has a Content-Length');
      const { json, mp4 } = await videoOf(res);
      assert.equal(json.data.length, 1);
      assert.equal(json.data[0]?.url, null);
      assert.ok(Math.abs(json.created - Date.now() / 1000) < 60);
      const p = await probe(mp4);
      assert.equal(p.video?.codec, 'h264');
      assert.equal(p.video?.pixFmt, 'yuv420p');
      assert.equal(p.video?.width, c.w);
      assert.equal(p.video?.height, c.h);
      assert.ok(Math.abs(p.duration - c.duration) <= 0.1, `duration ${p.duration}`);
      assert.equal(p.audio, undefined, 'silent unless asked');
      // +faststart: the moov box comes before mdat.
      assert.ok(mp4.indexOf('moov') < mp4.indexOf('mdat'));
    });
  }

  it('echoes the prompt as revised_prompt, or the scenario value (string or null)', async () => {
    let { json } = await videoOf(await generate(em, genBody({ prompt: 'a calm lake' })));
    assert.equal(json.data[0]?.revised_prompt, 'a calm lake');
    em.enqueue({ kind: 'success', revisedPrompt: 'A calm lake at dawn, cinematic' }, { kind: 'success', revisedPrompt: null });
    ({ json } = await videoOf(await generate(em, genBody())));
    assert.equal(json.data[0]?.revised_prompt, 'A calm lake at dawn, cinematic');
    ({ json } = await videoOf(await generate(em, genBody())));
    assert.equal(json.data[0]?.revised_prompt, null);
  });

  it('adds an AAC audio track when asked', async () => {
    em.enqueue({ kind: 'success', audio: true });
    const { mp4 } = await videoOf(await generate(em, genBody({ duration: 2 })));
    const p = await probe(mp4);
    assert.equal(p.audio?.codec, 'aac');
    assert.equal(p.video?.codec, 'h264');
    assert.ok(Math.abs(p.duration - 2) <= 0.1, `duration ${p.duration}`);
  });

  it('returns several items, all valid and distinct', async () => {
    em.enqueue({ kind: 'success', items: 3 });
    const res = await generate(em, genBody());
    const json = (await res.json()) as SuccessJson;
    assert.equal(json.data.length, 3);
    const files = json.data.map((d) => Buffer.from(d.b64_json ?? '', 'base64'));
    assert.equal(new Set(files.map((f) => f.toString('base64'))).size, 3);
    for (const f of files) {
      const p = await probe(f);
      assert.equal(p.video?.width, 1280);
      assert.equal(p.video?.height, 720);
    }
  });

  it('escapes every slash as \\/ when asked, and the JSON still decodes to valid base64', async () => {
    em.enqueue({ kind: 'success', escapeSlashes: true });
    const res = await generate(em, genBody());
    assert.equal(res.headers.get('content-length'), null, 'escaped bodies are chunked');
    const raw = await res.text();
    assert.ok(raw.includes('\\/'));
    assert.ok(!/[^\\]\//.test(raw), 'no unescaped slash left');
    const json = JSON.parse(raw) as SuccessJson;
    const b64 = json.data[0]?.b64_json ?? '';
    assert.ok(b64.includes('/'));
    assert.ok(isStrictBase64(b64));
    assert.equal((await probe(Buffer.from(b64, 'base64'))).video?.codec, 'h264');
  });

  it('can force Content-Length on an escaped body, and chunked on a plain one', async () => {
    em.enqueue({ kind: 'success', escapeSlashes: true, transfer: 'length' }, { kind: 'success', transfer: 'chunked' });
    const a = await request(`${em.baseUrl}/video/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(genBody()),
    });
    const aText = await a.body.text();
    assert.equal(Number(a.headers['content-length']), Buffer.byteLength(aText));
    const b = await request(`${em.baseUrl}/video/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(genBody()),
    });
    assert.equal(b.headers['transfer-encoding'], 'chunked');
    JSON.parse(await b.body.text());
  });

  it('dribbles the body in small chunks when asked', async () => {
    em.enqueue({ kind: 'success', chunkSize: 64 * 1024, chunkDelayMs: 5 });
    const res = await request(`${em.baseUrl}/video/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(genBody()),
    });
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    let pieces = 0;
    const parts: Buffer[] = [];
    for await (const c of res.body) {
      pieces++;
      parts.push(c as Buffer);
    }
    assert.ok(pieces > 3, `got ${pieces} pieces`);
    const json = JSON.parse(Buffer.concat(parts).toString('utf8')) as SuccessJson;
    assert.ok(isStrictBase64(json.data[0]?.b64_json ?? ''));
  });

  it('slow_headers waits before sending status and headers', async () => {
    em.enqueue({ kind: 'slow_headers', delayMs: 600 });
    const t0 = Date.now();
    const res = await generate(em, genBody());
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 550, `headers after ${elapsed} ms`);
    await videoOf(res);
  });

  it('streams a large (20 MB) answer holding a valid padded MP4', async function () {
    this.timeout(60_000);
    em.enqueue({ kind: 'large', sizeMB: 20 });
    const res = await generate(em, genBody({ duration: 2 }));
    assert.equal(Number(res.headers.get('content-length')) > (20 * 1024 * 1024 * 4) / 3, true);
    const { mp4 } = await videoOf(res);
    assert.equal(mp4.length, 20 * 1024 * 1024);
    // The padding is one top-level `free` box ending the file.
    const p = await probe(mp4);
    assert.equal(p.video?.codec, 'h264');
    assert.equal(p.video?.width, 1280);
    assert.ok(Math.abs(p.duration - 2) <= 0.1);
  });

  it('generates the same clip once for concurrent identical requests', async () => {
    // A size no other test uses, so it is (likely) not cached yet; both answers must be identical.
    const body = genBody({ model: 'provider-2/test-480', quality: '480p', ratio: '4:3', duration: 1 });
    const [a, b] = await Promise.all([generate(em, body), generate(em, body)]);
    const [ja, jb] = [(await a.json()) as SuccessJson, (await b.json()) as SuccessJson];
    assert.equal(ja.data[0]?.b64_json, jb.data[0]?.b64_json);
    const p = await probe(Buffer.from(ja.data[0]?.b64_json ?? '', 'base64'));
    assert.equal(p.video?.width, 640);
    assert.equal(p.video?.height, 480);
  });
});
