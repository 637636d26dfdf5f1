// An incremental JSON parser for one response document that hands chosen string values to a sink
// chunk by chunk instead of holding them. A generated video arrives as one base64 string of tens to
// hundreds of MB inside the JSON; `response.json()` would hold it (and its decoded copy) in memory
// and block the event loop while parsing. Everything else in the document is small and is built
// into an ordinary value, which the caller validates (with zod) once the document is complete.
//
// Hot path: inside a streamed string we look for the closing quote with Buffer.indexOf (native) and
// unescape only segments that contain a backslash, so a 270 MB string costs a few passes in C++.

export type JsonPath = ReadonlyArray<string | number>;

export interface StringSink {
  /** Unescaped text of the string, in order; may be called many times. */
  write(text: string): void | Promise<void>;
  /** The closing quote was read. */
  end(): void | Promise<void>;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Marks, in the built value, where a streamed string was. */
export interface StreamedString {
  readonly streamed: true;
  readonly index: number;
}

export function isStreamedString(value: unknown): value is StreamedString {
  return typeof value === 'object' && value !== null && (value as { streamed?: unknown }).streamed === true;
}

export interface StreamingJsonOptions {
  /** Called when a string value starts at `path`; return a sink to stream it, or undefined to keep it. */
  sinkFor(path: JsonPath): StringSink | undefined;
  /** Limit on the bytes of everything that is not streamed (defends against a hostile server). */
  maxBufferedBytes?: number;
}

type Container = { kind: 'object'; value: Record<string, unknown>; key: string | undefined } | { kind: 'array'; value: unknown[] };

const enum State {
  Value, // expecting a value
  AfterValue, // expecting , or a closing bracket
  Key, // expecting a key string or } (right after {)
  KeyRequired, // expecting a key string (after ,)
  Colon,
  KeptString, // inside a string we keep
  StreamedString, // inside a string we stream
  Literal, // inside a number / true / false / null
  Done,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export class StreamingJsonParser {
  private state: State = State.Value;
  private readonly stack: Container[] = [];
  private root: unknown = undefined;
  private offset = 0;
  private buffered = 0;
  private readonly maxBuffered: number;
  // Kept strings and literals collect raw bytes, decoded once complete.
  private raw: Buffer[] = [];
  private rawIsKey = false;
  // Streamed strings: the sink, and an escape sequence cut by a chunk boundary.
  private sink: StringSink | undefined;
  private pendingEscape = '';
  private streamedCount = 0;

  constructor(private readonly options: StreamingJsonOptions) {
    this.maxBuffered = options.maxBufferedBytes ?? 16 * 1024 * 1024;
  }

  /** Whether one whole document has been read (what follows it, if anything, is not part of it). */
  get complete(): boolean {
    return this.state === State.Done;
  }

  /** Feeds the next bytes; resolves once sinks have taken what this chunk held. */
  async write(chunk: Buffer): Promise<void> {
    let i = 0;
    // A UTF-8 byte order mark before the document (some servers send one) is not content.
    if (
      this.offset === 0 &&
      this.state === State.Value &&
      this.stack.length === 0 &&
      chunk[0] === 0xef &&
      chunk[1] === 0xbb &&
      chunk[2] === 0xbf
    )
      i = 3;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case State.StreamedString: {
          i = await this.streamString(chunk, i);
          break;
        }
        case State.KeptString: {
          i = this.keepString(chunk, i);
          break;
        }
        case State.Literal: {
          const start = i;
          while (i < n && /[0-9eE+\-.a-z]/.test(String.fromCharCode(chunk[i]!))) i++;
          this.addRaw(chunk.subarray(start, i));
          if (i < n) this.finishLiteral();
          break;
        }
        default: {
          const byte = chunk[i]!;
          if (isWhitespace(byte)) {
            i++;
            continue;
          }
          this.structural(byte, i);
          i++;
        }
      }
    }
    this.offset += n;
  }

  /** Call when the body ended; throws unless exactly one complete document was read. */
  async end(): Promise<unknown> {
    if (this.state === State.Literal) this.finishLiteral();
    if (this.state !== State.Done) throw new JsonSyntaxError('Unexpected end of JSON', this.offset);
    return this.root;
  }

  private fail(message: string, at: number): never {
    throw new JsonSyntaxError(message, this.offset + at);
  }

  private addRaw(bytes: Buffer): void {
    this.buffered += bytes.length;
    if (this.buffered > this.maxBuffered) this.fail(`More than ${this.maxBuffered} bytes outside streamed strings`, 0);
    this.raw.push(Buffer.from(bytes));
  }

  private currentPath(): Array<string | number> {
    const path: Array<string | number> = [];
    for (const c of this.stack) path.push(c.kind === 'object' ? (c.key ?? '') : c.value.length);
    return path;
  }

  private structural(byte: number, at: number): void {
    const ch = String.fromCharCode(byte);
    switch (this.state) {
      case State.Value:
        return this.startValue(ch, byte, at);
      case State.Key:
      case State.KeyRequired:
        if (ch === '"') {
          this.raw = [];
          this.rawIsKey = true;
          this.state = State.KeptString;
          return;
        }
        if (ch === '}' && this.state === State.Key) return this.close();
        return this.fail('Expected a property name', at);
      case State.Colon:
        if (ch === ':') {
          this.state = State.Value;
          return;
        }
        return this.fail('Expected :', at);
      case State.AfterValue: {
        const top = this.stack[this.stack.length - 1];
        if (!top) return this.fail('Unexpected content after the document', at);
        if (ch === ',') {
          this.state = top.kind === 'object' ? State.KeyRequired : State.Value;
          return;
        }
        if (ch === '}' && top.kind === 'object') return this.close();
        if (ch === ']' && top.kind === 'array') return this.close();
        return this.fail(`Unexpected ${JSON.stringify(ch)}`, at);
      }
      case State.Done:
        return this.fail('Unexpected content after the document', at);
      default:
        return this.fail('Parser state error', at);
    }
  }

  /** A value starts: a container opens, a string is streamed or kept, a literal begins. */
  private startValue(ch: string, byte: number, at: number): void {
    if (ch === '{') return this.open({ kind: 'object', value: {}, key: undefined });
    if (ch === '[') return this.open({ kind: 'array', value: [] });
    if (ch === ']') {
      const top = this.stack[this.stack.length - 1];
      if (top?.kind === 'array' && top.value.length === 0) return this.close();
      return this.fail('Unexpected ]', at);
    }
    if (ch === '"') {
      const sink = this.options.sinkFor(this.currentPath());
      if (sink) {
        this.sink = sink;
        this.pendingEscape = '';
        this.state = State.StreamedString;
      } else {
        this.raw = [];
        this.rawIsKey = false;
        this.state = State.KeptString;
      }
      return;
    }
    if (/[-0-9tfn]/.test(ch)) {
      this.raw = [Buffer.from([byte])];
      this.buffered += 1;
      this.state = State.Literal;
      return;
    }
    return this.fail(`Unexpected ${JSON.stringify(ch)}`, at);
  }

  private open(container: Container): void {
    this.stack.push(container);
    this.state = container.kind === 'object' ? State.Key : State.Value;
  }

  private close(): void {
    const done = this.stack.pop()!;
    this.emitValue(done.value);
  }

  private emitValue(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.root = value;
      this.state = State.Done;
      return;
    }
    if (top.kind === 'array') top.value.push(value);
    else {
      // Like JSON.parse, a repeated key keeps the last value; __proto__ is stored as a plain key.
      Object.defineProperty(top.value, top.key ?? '', { value, enumerable: true, writable: true, configurable: true });
      top.key = undefined;
    }
    this.state = State.AfterValue;
  }

  private finishLiteral(): void {
    const text = Buffer.concat(this.raw).toString('latin1');
    this.raw = [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.fail(`Invalid literal ${JSON.stringify(text.slice(0, 20))}`, 0);
    }
    this.emitValue(value);
  }

  /** Collects a kept string up to its closing quote; returns the index after what it consumed. */
  private keepString(chunk: Buffer, from: number): number {
    let i = from;
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      if (quote === -1) {
        this.addRaw(chunk.subarray(from));
        return chunk.length;
      }
      if (this.isEscaped(chunk, from, quote)) {
        i = quote + 1;
        continue;
      }
      this.addRaw(chunk.subarray(from, quote));
      const rawText = Buffer.concat(this.raw).toString('utf8');
      this.raw = [];
      let text: string;
      try {
        text = JSON.parse(`"${rawText}"`) as string;
      } catch {
        this.fail('Invalid string', quote);
      }
      if (this.rawIsKey) {
        const top = this.stack[this.stack.length - 1];
        if (top?.kind === 'object') top.key = text;
        this.state = State.Colon;
      } else {
        this.emitValue(text);
      }
      return quote + 1;
    }
  }

  /** Whether the quote at `quote` is preceded by an odd run of backslashes (this string's bytes only). */
  private isEscaped(chunk: Buffer, stringStart: number, quote: number): boolean {
    let count = 0;
    let j = quote - 1;
    while (j >= stringStart && chunk[j] === BACKSLASH) {
      count++;
      j--;
    }
    if (j < stringStart) {
      // The run reaches the start of this chunk's part: continue counting in earlier raw bytes.
      for (let r = this.raw.length - 1; r >= 0 && j < stringStart; r--) {
        const part = this.raw[r]!;
        let k = part.length - 1;
        while (k >= 0 && part[k] === BACKSLASH) {
          count++;
          k--;
        }
        if (k >= 0) break;
      }
    }
    return count % 2 === 1;
  }

  private async streamString(chunk: Buffer, from: number): Promise<number> {
    const sink = this.sink!;
    // Find the closing quote: one not escaped. With an escape pending from the previous chunk,
    // the first byte belongs to it.
    let searchFrom = from;
    let end = -1;
    for (;;) {
      const quote = chunk.indexOf(QUOTE, searchFrom);
      if (quote === -1) break;
      let count = 0;
      let j = quote - 1;
      while (j >= from && chunk[j] === BACKSLASH) {
        count++;
        j--;
      }
      if (j < from && this.pendingEscape === '\\') count++;
      if (count % 2 === 0) {
        end = quote;
        break;
      }
      searchFrom = quote + 1;
    }
    const stop = end === -1 ? chunk.length : end;
    if (stop > from) {
      const text = this.unescapeSegment(chunk.toString('latin1', from, stop), from);
      if (text) await sink.write(text);
    }
    if (end === -1) return chunk.length;
    if (this.pendingEscape) this.fail('Unterminated escape in string', end);
    this.sink = undefined;
    await sink.end();
    this.emitValue({ streamed: true, index: this.streamedCount++ } satisfies StreamedString);
    return end + 1;
  }

  /**
   * Unescapes a segment of a streamed string. The segment is read as latin1: a streamed string is
   * expected to be ASCII (base64); any byte above 0x7f reaches the sink as such and is rejected there.
   */
  private unescapeSegment(segment: string, at: number): string {
    let text = this.pendingEscape + segment;
    this.pendingEscape = '';
    if (!text.includes('\\')) return text;
    // Keep an escape cut by the chunk boundary for the next chunk.
    const lastBackslash = text.lastIndexOf('\\');
    let tail = '';
    if (lastBackslash !== -1) {
      // Count the run of backslashes ending at lastBackslash to know whether it starts an escape.
      let run = 0;
      let k = lastBackslash;
      while (k >= 0 && text[k] === '\\') {
        run++;
        k--;
      }
      const rest = text.slice(lastBackslash + 1);
      const startsEscape = run % 2 === 1;
      if (startsEscape && (rest.length === 0 || (rest[0] === 'u' && rest.length < 5))) {
        tail = text.slice(lastBackslash);
        text = text.slice(0, lastBackslash);
      }
    }
    this.pendingEscape = tail;
    return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt]|[\s\S]?)/g, (match, esc: string) => {
      if (esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
      const mapped = ESCAPES[esc];
      if (mapped === undefined) this.fail(`Invalid escape ${JSON.stringify(match)} in string`, at);
      return mapped;
    });
  }
}
