// The cut of a decoded AAC track to what the edit list presents, and the wasm loader refusing a
// module that is not the decoder.
import * as assert from 'node:assert/strict';
import { trimToPresentation } from '../../../src/webview/audio/aacPresentation';
import { AacWasm } from '../../../src/webview/audio/aacWasm';

const ramp = (n: number): Float32Array<ArrayBuffer> => Float32Array.from({ length: n }, (_, i) => i);

describe('webview: the decoded AAC track as presented', () => {
  it('drops the priming samples and the padding, converting from the media timescale', () => {
    const pcm = { sampleRate: 48000, channels: [ramp(5120), ramp(5120)] };
    const [left, right] = trimToPresentation(pcm, { timescale: 48000, presentationStart: 1024, presentationDuration: 3000 });
    assert.equal(left?.length, 3000);
    assert.equal(left?.[0], 1024);
    assert.equal(right?.[2999], 4023);
  });

  it('scales the window when the output rate differs from the timescale (HE-AAC: twice the core rate)', () => {
    const pcm = { sampleRate: 48000, channels: [ramp(8192)] };
    const [mono] = trimToPresentation(pcm, { timescale: 24000, presentationStart: 1024, presentationDuration: 2048 });
    assert.equal(mono?.[0], 2048);
    assert.equal(mono?.length, 4096);
  });

  it('keeps everything after the start when the window has no length, and never runs past the end', () => {
    const pcm = { sampleRate: 44100, channels: [ramp(100)] };
    assert.equal(trimToPresentation(pcm, { timescale: 44100, presentationStart: 10, presentationDuration: 0 })[0]?.length, 90);
    assert.equal(trimToPresentation(pcm, { timescale: 44100, presentationStart: 10, presentationDuration: 500 })[0]?.length, 90);
    assert.equal(trimToPresentation(pcm, { timescale: 44100, presentationStart: 500, presentationDuration: 5 })[0]?.length, 0);
  });

  it('refuses a WebAssembly module without the decoder functions', async () => {
    // The smallest valid module: magic and version, nothing exported.
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    await assert.rejects(AacWasm.load(empty), { name: 'AacDecodeError' });
    await assert.rejects(AacWasm.load(new Uint8Array([1, 2, 3])));
  });
});
