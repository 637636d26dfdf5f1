// Hostile input from the panel's page. The page is a browser document: whatever it posts reaches
// the extension through `fromWebviewMessage.safeParse` (VideoPanel.receive), which acts on a
// message only when the parse succeeds. So, whatever arrives, the parser must not throw, must
// accept exactly the messages the protocol describes (checked here against an independent reading
// of it, not against the schema itself), must hand on nothing of a message it rejects, and must
// leave the prototypes of the process as they were. The page's own parsers (messages from the
// extension, the saved page state) must not throw either.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_PROMPT_LENGTH, QUALITIES, RATIOS } from '../../../src/catalog/capabilities';
import { fromWebviewMessage, pageStateSchema, toWebviewMessage } from '../../../src/shared/protocol';

// ---- The prototypes as they were before any hostile input was parsed. ----

const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };

function describeProperties(target: object): string[] {
  return Reflect.ownKeys(target)
    .map((key) => {
      const d = Object.getOwnPropertyDescriptor(target, key);
      return `${String(key)}:${typeof d?.value}:${d?.get ? 'get' : ''}:${d?.set ? 'set' : ''}:${d?.writable}:${d?.enumerable}`;
    })
    .sort();
}

const prototypesBefore = Object.fromEntries(Object.entries(PROTOTYPES).map(([name, proto]) => [name, describeProperties(proto)]));
const objectProtoOfBefore = Object.getPrototypeOf(Object.prototype) as unknown;

/** Property names the hostile payloads try to plant. */
const PLANTED = ['polluted', 'isAdmin', 'pwned'];

// ---- An independent reading of the page → extension protocol. ----

type Check = (value: unknown) => boolean;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** String lengths are counted in code points (zod counts them so: a surrogate pair is one, a lone surrogate one). */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
const text =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'string' && codePoints(v) >= min && codePoints(v) <= max;
/** Whole, non-negative, exactly representable. */
const count: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const seconds: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
/** Checked after trimming, as the extension uses it. */
const modelId: Check = (v) => typeof v === 'string' && text(1, 200)(v.trim());
/** Ids the extension handed out: never empty, bounded. */
const opaqueId = text(1, 4000);
/** A message may carry twice the prompt limit; the job manager checks the limit itself. */
const PROMPT_BOUND = MAX_PROMPT_LENGTH * 2;
const ACTIONS = ['reveal', 'copyPath', 'openExternal', 'promote'] as const;
const COMPARE_ACTIONS = ['keep', 'discard', 'promote'] as const;

const requestFields: Record<string, Check> = {
  prompt: text(0, PROMPT_BOUND),
  model: modelId,
  quality: oneOf(QUALITIES),
  duration: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 8,
  ratio: oneOf(RATIOS),
};
const formValues: Check = (v) => isRecord(v) && Object.entries(requestFields).every(([key, check]) => check(v[key]));

/** Each message type the page may send, with the fields it must carry. */
const MESSAGE_FIELDS: Record<string, Record<string, Check>> = {
  ready: { page: count },
  videoLoaded: { src: text(0, 8000), videoWidth: count, videoHeight: count, duration: seconds },
  videoError: { src: text(0, 8000), message: text(0, 2000) },
  generate: { request: formValues },
  cancel: { jobId: opaqueId },
  play: { id: opaqueId },
  videoAction: { id: opaqueId, action: oneOf(ACTIONS) },
  openHistoryView: {},
  dismissError: {},
  compareModels: { request: formValues },
  compareAction: { compareId: opaqueId, id: opaqueId, action: oneOf(COMPARE_ACTIONS) },
  closeCompare: {},
};
const TYPES = Object.keys(MESSAGE_FIELDS);

function fieldsOf(value: unknown): Record<string, Check> | undefined {
  if (!isRecord(value) || typeof value.type !== 'string' || !Object.hasOwn(MESSAGE_FIELDS, value.type)) return undefined;
  return MESSAGE_FIELDS[value.type];
}

/** True when `value` is a message the protocol describes. */
function conforms(value: unknown): boolean {
  const fields = fieldsOf(value);
  return fields !== undefined && Object.entries(fields).every(([key, check]) => check((value as Record<string, unknown>)[key]));
}

/** What the extension should get for a conforming message: its fields only, the model trimmed. */
function expectedMessage(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: value.type };
  for (const key of Object.keys(fieldsOf(value) ?? {})) {
    if (key === 'request') {
      const r = value.request as Record<string, unknown>;
      out.request = { prompt: r.prompt, model: (r.model as string).trim(), quality: r.quality, duration: r.duration, ratio: r.ratio };
    } else {
      out[key] = value[key];
    }
  }
  return out;
}

// ---- Generators. ----

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'type', ...PLANTED];
const hostileKey = fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_KEYS));

/** Anything the structured clone algorithm (or a broken page) could hand over, and more. */
const anyValue = fc.anything({
  key: hostileKey,
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

const HUGE = 'x'.repeat(1 << 20);
const specialNumber = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  -1,
  0.5,
  1.5,
  8,
  9,
  2 ** 53,
  -(2 ** 53),
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
);
const boundaryString = fc.constantFrom(
  '',
  ' ',
  '\t\n',
  '\u0000',
  '\u200b',
  '\ufeff',
  '\u202e',
  '<script>',
  'x'.repeat(200),
  'x'.repeat(201),
  'x'.repeat(2000),
  'x'.repeat(2001),
  'x'.repeat(4000),
  'x'.repeat(4001),
  'x'.repeat(PROMPT_BOUND),
  'x'.repeat(PROMPT_BOUND + 1),
  '\u{1f600}'.repeat(PROMPT_BOUND),
  '\u{1f600}'.repeat(PROMPT_BOUND) + 'x',
  '\ud800'.repeat(PROMPT_BOUND + 1),
  HUGE,
);
/** A value a field should not hold, or a borderline one. */
const oddValue = fc.oneof(
  anyValue,
  specialNumber,
  boundaryString,
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.bigInt(),
  fc.constantFrom(null, undefined, true, [], {}, ['ready'], new String('ready'), new Number(1)),
);

/** Valid field values; the strings include whitespace padding and characters from the whole of Unicode. */
const pad = fc.constantFrom('', ' ', '\t', '\u00a0', '\n ');
const validModel = fc
  .tuple(pad, fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), pad)
  .map(([a, s, b]) => a + s + b)
  .filter((s) => modelId(s));
const validRequest = fc.record({
  prompt: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom('', 'x'.repeat(PROMPT_BOUND), '\u{1f600}'.repeat(PROMPT_BOUND)),
  ),
  model: fc.oneof(validModel, fc.constantFrom('provider-2/kling-v2.1', ` ${'m'.repeat(200)} `)),
  quality: fc.constantFrom(...QUALITIES),
  duration: fc.integer({ min: 1, max: 8 }),
  ratio: fc.constantFrom(...RATIOS),
});
const idText = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.constant('i'.repeat(4000)));
const srcText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constant('s'.repeat(8000)));
const nonNegative = fc.oneof(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, Number.MAX_VALUE));

const validFields: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  ready: { page: fc.nat() },
  videoLoaded: { src: srcText, videoWidth: fc.nat(), videoHeight: fc.constantFrom(0, Number.MAX_SAFE_INTEGER), duration: nonNegative },
  videoError: { src: srcText, message: fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constant('m'.repeat(2000))) },
  generate: { request: validRequest },
  cancel: { jobId: idText },
  play: { id: idText },
  videoAction: { id: idText, action: fc.constantFrom(...ACTIONS) },
  openHistoryView: {},
  dismissError: {},
  compareModels: { request: validRequest },
  compareAction: { compareId: idText, id: idText, action: fc.constantFrom(...COMPARE_ACTIONS) },
  closeCompare: {},
};

/** Extra keys, hostile ones included, that the parser must drop. */
const extraKeys = fc.dictionary(hostileKey, anyValue, { maxKeys: 4 });

/** A message of every type, as the protocol allows it, with extra keys. */
const validMessage = fc.constantFrom(...TYPES).chain((type) =>
  fc.tuple(fc.record(validFields[type] ?? {}), extraKeys).map(([fields, extra]) => {
    // Extra keys first: the real fields win, as they would in a message the page built.
    const message: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(extra))
      Object.defineProperty(message, k, { value: v, enumerable: true, writable: true, configurable: true });
    for (const [k, v] of Object.entries({ ...fields, type }))
      Object.defineProperty(message, k, { value: v, enumerable: true, writable: true, configurable: true });
    return message;
  }),
);

/** A near miss: a known or almost-known type with each field valid, wrong, or missing, and extra keys. */
const nearMiss = fc
  .tuple(
    fc.oneof(fc.constantFrom(...TYPES), fc.constantFrom('Ready', 'ready ', 'generate\u0000', 'toString', '__proto__', 'constructor', '')),
    fc.integer({ min: 0, max: TYPES.length - 1 }),
  )
  .chain(([type, fieldsIndex]) => {
    // Fields of the type itself, or (sometimes) of another type.
    const fieldSource = (Object.hasOwn(validFields, type) ? validFields[type] : validFields[TYPES[fieldsIndex]!]) ?? {};
    const fieldArbs = Object.fromEntries(
      Object.entries(fieldSource).map(([k, arb]) => {
        const value =
          k === 'request'
            ? fc.oneof(
                validRequest,
                fc.record(Object.fromEntries(Object.keys(requestFields).map((rk) => [rk, fc.oneof(oddValue, fc.constant(undefined))])), {
                  requiredKeys: [],
                }),
                oddValue,
              )
            : fc.oneof(arb, oddValue);
        return [k, value];
      }),
    );
    return fc
      .tuple(fc.record(fieldArbs, { requiredKeys: [] }), extraKeys, fc.oneof(fc.constant(type), oddValue))
      .map(([fields, extra, typeValue]) => {
        const message: Record<string, unknown> = {};
        for (const [k, v] of Object.entries({ ...extra, ...fields }))
          Object.defineProperty(message, k, { value: v, enumerable: true, writable: true, configurable: true });
        message.type = typeValue;
        return message;
      });
  });

/** Payloads built the way a page's JSON would arrive: own `__proto__` keys, constructor.prototype. */
function pollutionPayloads(): unknown[] {
  const planted = `{"polluted":"yes","isAdmin":true,"pwned":1}`;
  const sources = [
    `{"type":"ready","page":1,"__proto__":${planted}}`,
    `{"__proto__":${planted},"type":"openHistoryView"}`,
    `{"type":"dismissError","constructor":{"prototype":${planted}}}`,
    `{"type":"generate","request":{"prompt":"p","model":"m","quality":"720p","duration":1,"ratio":"16:9","__proto__":${planted}}}`,
    `{"type":"generate","request":{"__proto__":{"prompt":"p","model":"m","quality":"720p","duration":1,"ratio":"16:9"}}}`,
    `{"type":"__proto__","__proto__":${planted}}`,
    `{"type":"constructor","constructor":{"prototype":${planted}}}`,
    `{"type":"videoAction","id":"x","action":"reveal","__proto__":{"__proto__":${planted}}}`,
    `[{"type":"ready","page":1,"__proto__":${planted}}]`,
  ];
  return sources.map((s) => JSON.parse(s) as unknown);
}

/** Values a structured clone can carry that JSON cannot: cycles, deep nesting, exotic objects. */
function structuredOddities(): unknown[] {
  const cyclic: Record<string, unknown> = { type: 'ready', page: 1 };
  cyclic.self = cyclic;
  const cyclicRequest: Record<string, unknown> = { prompt: 'p', model: 'm', quality: '720p', duration: 1, ratio: '16:9' };
  cyclicRequest.again = cyclicRequest;
  let deep: unknown = 'bottom';
  for (let i = 0; i < 2000; i++) deep = [deep];
  const dated = Object.assign(new Date(0), { type: 'play', id: 'x' });
  return [
    cyclic,
    { type: 'generate', request: cyclicRequest },
    { type: 'ready', page: deep },
    { type: 'ready', page: 1, payload: deep },
    dated,
    Object.assign(new Map([['type', 'ready']]), { page: 1 }),
    new Map<string, unknown>([
      ['type', 'ready'],
      ['page', 1],
    ]),
    Object.assign(Object.create(null) as object, { type: 'cancel', jobId: 'j' }),
    Object.assign([], { type: 'openHistoryView' }),
    { type: 'videoLoaded', src: HUGE, videoWidth: 1, videoHeight: 1, duration: 1 },
    { type: 'videoLoaded', src: 's', videoWidth: NaN, videoHeight: 1, duration: 1 },
    { type: 'videoLoaded', src: 's', videoWidth: 1, videoHeight: 1, duration: Infinity },
    { type: 'videoLoaded', src: 's', videoWidth: 1, videoHeight: 1, duration: NaN },
    { type: 'videoLoaded', src: 's', videoWidth: 2 ** 53, videoHeight: 1, duration: 1 },
    { type: 'ready', page: -0 },
    { type: 'ready', page: 1n },
    { type: new String('ready'), page: 1 },
    { type: 'generate', request: { prompt: HUGE, model: 'm', quality: '720p', duration: 1, ratio: '16:9' } },
    { type: 'generate', request: { prompt: 'p', model: ' \u00a0\ufeff ', quality: '720p', duration: 1, ratio: '16:9' } },
    { type: 'generate', request: { prompt: 'p', model: 'm', quality: '720p', duration: 1.000000001, ratio: '16:9' } },
    { type: 'cancel', jobId: 'j'.repeat(4001) },
    new Uint8Array([123, 125]),
    new ArrayBuffer(8),
    new Error('type'),
    Symbol('ready'),
    () => ({ type: 'ready', page: 1 }),
  ];
}

// ---- Properties. ----

function parse(input: unknown): ReturnType<typeof fromWebviewMessage.safeParse> {
  try {
    return fromWebviewMessage.safeParse(input);
  } catch (err) {
    assert.fail(`the parser threw on ${fc.stringify(input).slice(0, 200)}: ${String(err)}`);
  }
}

const tally = { accepted: 0, rejected: 0 };

/** The whole contract for one input; returns whether it was accepted. */
function checkOne(input: unknown): boolean {
  const snapshot = fc.stringify(input);
  const result = parse(input);
  const shouldAccept = conforms(input);
  assert.equal(result.success, shouldAccept, `${shouldAccept ? 'rejected' : 'accepted'} ${snapshot.slice(0, 300)}`);
  assert.equal(fc.stringify(input), snapshot, 'the parser left its input as it was');
  if (result.success) {
    tally.accepted++;
    const data: unknown = result.data;
    // What is acted on is exactly the message: nothing more (no extra or planted keys), nothing different.
    assert.deepStrictEqual(data, expectedMessage(input as Record<string, unknown>));
    assert.ok(conforms(data), 'the accepted message conforms');
    assert.notEqual(data, input, "a fresh object, not the page's own");
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    for (const key of ['__proto__', ...PLANTED]) assert.equal(Object.hasOwn(data as object, key), false, `no own ${key}`);
    return true;
  }
  tally.rejected++;
  // Nothing of a rejected message is handed on: no data, only the issues.
  assert.equal((result as { data?: unknown }).data, undefined);
  assert.ok(result.error.issues.length > 0, 'a rejection says why');
  return false;
}

function assertPrototypesClean(): void {
  for (const [name, proto] of Object.entries(PROTOTYPES)) {
    assert.deepEqual(describeProperties(proto), prototypesBefore[name], `${name}.prototype is unchanged`);
  }
  assert.equal(Object.getPrototypeOf(Object.prototype), objectProtoOfBefore);
  const fresh: Record<string, unknown> = {};
  for (const key of PLANTED) assert.equal(fresh[key], undefined, `({}).${key} is undefined`);
}

describe('webview: protocol under hostile input (properties)', () => {
  after(() => assertPrototypesClean());

  it('the independent reading agrees with the protocol on hand-picked messages', () => {
    // Guards the oracle itself: if it drifted from the protocol, the properties below would prove little.
    assert.ok(conforms({ type: 'ready', page: 0 }));
    assert.ok(conforms({ type: 'generate', request: { prompt: '', model: ' m ', quality: '720p', duration: 8, ratio: '16:9' } }));
    assert.ok(!conforms({ type: 'generate', request: { prompt: 'p', model: 'm', quality: '720p', duration: 9, ratio: '16:9' } }));
    assert.ok(!conforms({ type: 'ready', page: 1.5 }));
    assert.ok(!conforms({ type: 'toString' }));
    assert.equal(checkOne({ type: 'videoAction', id: 'file:///v.mp4', action: 'copyPath', extra: 1 }), true);
    assert.equal(checkOne({ type: 'videoAction', id: 'file:///v.mp4', action: 'delete' }), false);
  });

  it('any value at all: never throws, accepted only when it is a protocol message', () => {
    fc.assert(
      fc.property(anyValue, (input) => void checkOne(input)),
      { numRuns: 3000 },
    );
  });

  it('JSON from the page: never throws, accepted only when it is a protocol message', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => void checkOne(input)),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.json(), (source) => void checkOne(JSON.parse(source) as unknown)),
      { numRuns: 500 },
    );
  });

  it('a known type with fields wrong, missing or extra: rejected unless every field is right', () => {
    const before = { ...tally };
    fc.assert(
      fc.property(nearMiss, (input) => void checkOne(input)),
      { numRuns: 3000 },
    );
    // Both outcomes were exercised: the property is not vacuous either way.
    assert.ok(tally.accepted > before.accepted, 'some near misses were valid messages');
    assert.ok(tally.rejected - before.rejected > 1000, 'most near misses were rejected');
  });

  it('every message the protocol allows is accepted, as exactly that message (extra keys dropped)', () => {
    fc.assert(
      fc.property(validMessage, (input) => assert.equal(checkOne(input), true)),
      { numRuns: 2000 },
    );
  });

  it('prototype-pollution payloads plant nothing, in the result or in the process', () => {
    for (const payload of pollutionPayloads()) {
      checkOne(payload);
      assertPrototypesClean();
    }
    // The accepted ones among them really were accepted (extra keys dropped), not just ignored.
    const accepted = pollutionPayloads().filter((p) => fromWebviewMessage.safeParse(p).success);
    assert.equal(
      accepted.length,
      5,
      'ready, openHistoryView, dismissError, generate and videoAction carry valid fields besides the planted keys',
    );
  });

  it('structured-clone oddities (cycles, deep nesting, NaN, Infinity, BigInt, huge strings) are rejected or accepted by the rules', () => {
    let accepted = 0;
    for (const input of structuredOddities()) if (checkOne(input)) accepted++;
    // Accepted: a cycle or a deep value under an ignored key (twice, once inside the request), a Date
    // or a null-prototype object with the right fields (fields are read, not prototypes), page -0.
    // Everything else is rejected.
    assert.equal(accepted, 6);
  });

  it("the page's own parsers (messages from the extension, saved state) never throw", () => {
    const anyOrShaped = fc.oneof(
      anyValue,
      fc
        .record(
          {
            type: fc.constantFrom('init', 'catalog', 'prefill', 'showVideo', 'jobs', 'history', 'error', 'status', 'usage', '__proto__'),
            payload: anyValue,
          },
          { requiredKeys: ['type'] },
        )
        .map(({ type, payload }) =>
          isRecord(payload)
            ? { ...payload, type }
            : { type, video: payload, items: payload, error: payload, text: payload, usage: payload },
        ),
    );
    fc.assert(
      fc.property(anyOrShaped, (input) => {
        const page = toWebviewMessage.safeParse(input);
        if (page.success)
          assert.ok(['init', 'catalog', 'prefill', 'showVideo', 'jobs', 'history', 'error', 'status', 'usage'].includes(page.data.type));
        const state = pageStateSchema.safeParse(input);
        if (state.success) assert.ok(isRecord(state.data));
      }),
      { numRuns: 2000 },
    );
    for (const input of [...pollutionPayloads(), ...structuredOddities()]) {
      toWebviewMessage.safeParse(input);
      pageStateSchema.safeParse(input);
    }
    assertPrototypesClean();
  });

  it('left the prototypes of the process as they were', () => {
    assert.ok(tally.accepted > 0 && tally.rejected > 0, `both outcomes seen (${tally.accepted} accepted, ${tally.rejected} rejected)`);
    assertPrototypesClean();
  });
});
