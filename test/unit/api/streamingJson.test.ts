import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Base64StreamDecoder, InvalidBase64Error } from '../../../src/api/base64Decoder';
import { JsonSyntaxError, StreamingJsonParser, isStreamedString, type JsonPath } from '../../../src/api/streamingJson';

/** Splits `bytes` at the given cut points (any order, any values). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(bytes.subarray(last, p));
    last = p;
  }
  parts.push(bytes.subarray(last));
  return parts;
}

async function parse(parts: Buffer[], streamAt?: (path: JsonPath) => boolean): Promise<{ value: unknown; streamed: string[] }> {
  const streamed: string[] = [];
  const parser = new StreamingJsonParser({
    sinkFor: (path) => {
      if (!streamAt?.(path)) return undefined;
      const index = streamed.push('') - 1;
      return {
        write: (text) => {
          streamed[index] += text;
        },
        end: () => {},
      };
    },
  });
  for (const part of parts) await parser.write(part);
  return { value: await parser.end(), streamed };
}

describe('StreamingJsonParser', () => {
  it('parses any JSON value like JSON.parse, however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.array(fc.nat(), { maxLength: 8 }), async (value, cuts) => {
        const text = JSON.stringify(value);
        const { value: parsed } = await parse(split(Buffer.from(text, 'utf8'), cuts));
        assert.deepEqual(parsed, JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('streams the chosen strings, unescaping every JSON escape across chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary-ascii', maxLength: 200 }), fc.array(fc.nat(), { maxLength: 10 }), async (s, cuts) => {
        // JSON.stringify escapes " \ and control characters; add \/ and \u escapes a server may use too.
        const escaped = JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/').replace(/A/g, '\\u0041');
        const doc = Buffer.from(`{"data":[{"b64_json":"${escaped}","url":null}],"created":1}`, 'latin1');
        const { value, streamed } = await parse(split(doc, cuts), (p) => p.length === 3 && p[2] === 'b64_json');
        assert.deepEqual(streamed, [s]);
        const item = (value as { data: Array<{ b64_json: unknown }> }).data[0]!;
        assert.ok(isStreamedString(item.b64_json));
      }),
      { numRuns: 400 },
    );
  });

  it('rejects truncated and malformed documents', async () => {
    for (const text of ['{"data":[{"b64_json":"AAAA', '{"a":1', '{"a":1}}', '{"a" 1}', '[1,]', '{"a":tru}', '', '{"a":"\\x"}']) {
      await assert.rejects(
        parse([Buffer.from(text)], (p) => p[p.length - 1] === 'b64_json'),
        JsonSyntaxError,
        text,
      );
    }
  });

  it('stops a hostile server that sends endless content outside streamed strings', async () => {
    const parser = new StreamingJsonParser({ sinkFor: () => undefined, maxBufferedBytes: 1000 });
    await assert.rejects(parser.write(Buffer.from(`{"a":"${'x'.repeat(2000)}"}`)), /More than 1000 bytes/);
  });
});

describe('Base64StreamDecoder', () => {
  it('decodes any bytes split anywhere, in every style servers send', () => {
    const styles = ['standard', 'wrapped', 'url_safe', 'unpadded', 'data_url'] as const;
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.constantFrom(...styles),
        (bytes, cuts, style) => {
          let text = Buffer.from(bytes).toString('base64');
          if (style === 'wrapped') text = text.replace(/.{1,76}/g, (line) => line + '\r\n');
          if (style === 'url_safe') text = text.replaceAll('+', '-').replaceAll('/', '_');
          if (style === 'unpadded') text = text.replace(/=+$/, '');
          if (style === 'data_url') text = `data:video/mp4;codecs="avc1";base64,${text}`;
          const decoder = new Base64StreamDecoder();
          const out: Buffer[] = [];
          for (const part of split(Buffer.from(text, 'latin1'), cuts)) out.push(decoder.push(part.toString('latin1')));
          out.push(decoder.finish());
          assert.deepEqual(Buffer.concat(out), Buffer.from(bytes));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects one character outside both alphabets anywhere, however the text is split', () => {
    const outside = fc.constantFrom('!', '.', ',', '*', '#', '%', '~', '\u00e9', '\u0000', '\u2028', '\ud83d\ude00', ':', ';', '"', '\\');
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        outside,
        fc.array(fc.nat(), { maxLength: 10 }),
        (bytes, at, bad, cuts) => {
          const text = Buffer.from(bytes).toString('base64').replace(/=+$/, '');
          const i = at % (text.length + 1);
          const corrupted = text.slice(0, i) + bad + text.slice(i);
          const decoder = new Base64StreamDecoder();
          let pos = 0;
          const pieces: string[] = [];
          for (const cut of [...cuts.map((c) => c % (corrupted.length + 1))].sort((a, b) => a - b)) {
            pieces.push(corrupted.slice(pos, cut));
            pos = cut;
          }
          pieces.push(corrupted.slice(pos));
          assert.throws(() => {
            for (const piece of pieces) decoder.push(piece);
            decoder.finish();
          }, InvalidBase64Error);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects characters outside the alphabet, data after padding and incomplete groups', () => {
    assert.throws(() => new Base64StreamDecoder().push('AAAA!!!!'), InvalidBase64Error);
    assert.throws(() => new Base64StreamDecoder().push('AA.,'), InvalidBase64Error);
    // A data URL is accepted only as base64, and only with its data.
    assert.throws(() => new Base64StreamDecoder().push('data:video/mp4,AAAA'), /not base64/);
    const noData = new Base64StreamDecoder();
    noData.push('data:video/mp4;base64');
    assert.throws(() => noData.finish(), /without data/);
    assert.throws(() => new Base64StreamDecoder().push(`data:${'x'.repeat(300)}`), /without data/);
    assert.throws(() => new Base64StreamDecoder().push('AAAAdata:video/mp4;base64,AAAA'), InvalidBase64Error);
    // A bad character is refused by the end of the text at the latest (the last 1-3 characters of a
    // piece wait for the next one).
    const late = new Base64StreamDecoder();
    assert.throws(() => {
      late.push('AAAA\u00e9');
      late.finish();
    }, InvalidBase64Error);
    assert.throws(() => new Base64StreamDecoder().push('AAAA\u00e9AAAAAAA'), InvalidBase64Error);
    const afterPad = new Base64StreamDecoder();
    afterPad.push('AA==');
    assert.throws(() => afterPad.push('AAAA'), InvalidBase64Error);
    const incomplete = new Base64StreamDecoder();
    incomplete.push('AAAAA');
    assert.throws(() => incomplete.finish(), InvalidBase64Error);
  });
});
