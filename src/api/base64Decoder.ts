// Decodes base64 text that arrives in pieces of any length. Node's own decoder silently skips
// characters outside the alphabet, which would turn a corrupted response into a corrupted video,
// so each piece is checked first. What servers really send is accepted where it is unambiguous:
// line breaks and spaces (MIME-style wrapping), the URL-safe alphabet (`-` and `_` never occur in
// standard base64), missing padding, and a leading `data:<type>;base64,` (`:` never occurs either).

export class InvalidBase64Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBase64Error';
  }
}

const WHITESPACE = /[\r\n\t ]/;
const WHITESPACE_ALL = /[\r\n\t ]+/g;
// Both alphabets: standard (`+/`) and URL-safe (`-_`); Node decodes either.
const OUTSIDE_ALPHABET = /[^A-Za-z0-9+/=_-]/;
const EMPTY = Buffer.alloc(0);
const DATA_URL_START = 'data:';
/** The longest `data:<media type>;<parameters>,` header read before giving up on it. */
const MAX_DATA_URL_HEADER = 256;

export class Base64StreamDecoder {
  /** The first characters, held until it is clear whether a data-URL header starts the text. */
  private head: string | undefined = '';
  private carry = '';
  private sawPadding = false;
  private decodedBytes = 0;

  get bytes(): number {
    return this.decodedBytes;
  }

  /** Returns the bytes this piece completes (possibly empty). */
  push(piece: string): Buffer {
    if (this.head !== undefined) {
      const payload = this.takeHead(piece, false);
      if (payload === undefined) return EMPTY;
      piece = payload;
    }
    if (piece.length === 0) return EMPTY;
    const text = this.carry + piece;
    // Fast path, no scanning: Node decodes both alphabets and silently skips anything else, so
    // whole groups decode to exactly three bytes per four characters only when every character is
    // base64. Anything short of that (a line break, a bad character) takes the careful path.
    if (!this.sawPadding && text.indexOf('=') === -1) {
      const usable = text.length - (text.length % 4);
      if (usable === 0) {
        this.carry = text;
        return EMPTY;
      }
      const out = Buffer.from(usable === text.length ? text : text.slice(0, usable), 'base64');
      if (out.length === (usable / 4) * 3) {
        this.carry = text.slice(usable);
        this.decodedBytes += out.length;
        return out;
      }
    }
    return this.pushCarefully(text);
  }

  /** Checks every character: whitespace is dropped, padding only at the end, nothing else allowed. */
  private pushCarefully(raw: string): Buffer {
    this.carry = '';
    const text = WHITESPACE.test(raw) ? raw.replace(WHITESPACE_ALL, '') : raw;
    if (text.length === 0) return EMPTY;
    const bad = OUTSIDE_ALPHABET.exec(text);
    if (bad) {
      const code = bad[0].charCodeAt(0);
      throw new InvalidBase64Error(
        `character ${code < 0x20 || code > 0x7e ? `0x${code.toString(16)}` : JSON.stringify(bad[0])} is not base64`,
      );
    }
    // Padding ends the data: after the first "=" only "=" may come, now or in later pieces.
    const pad = text.indexOf('=');
    if (pad !== -1) {
      if (!/^=*$/.test(text.slice(pad))) throw new InvalidBase64Error('"=" inside base64 data');
      this.sawPadding = true;
    } else if (this.sawPadding) {
      throw new InvalidBase64Error('data continues after base64 padding');
    }
    const usable = text.length - (text.length % 4);
    this.carry = text.slice(usable);
    if (usable === 0) return EMPTY;
    const out = Buffer.from(text.slice(0, usable), 'base64');
    this.decodedBytes += out.length;
    return out;
  }

  /**
   * Collects the start of the text until it is known whether it opens with a data-URL header;
   * returns the base64 that follows (or the text itself), or undefined while still undecided.
   */
  private takeHead(piece: string, final: boolean): string | undefined {
    const head = (this.head ?? '') + piece;
    if (head.startsWith(DATA_URL_START)) {
      const comma = head.indexOf(',');
      if (comma === -1) {
        if (head.length > MAX_DATA_URL_HEADER || final) throw new InvalidBase64Error('the video is a data URL without data');
        this.head = head;
        return undefined;
      }
      if (!/^data:[^,]*;base64$/i.test(head.slice(0, comma))) throw new InvalidBase64Error('the video is a data URL that is not base64');
      this.head = undefined;
      return head.slice(comma + 1);
    }
    if (!final && head.length < DATA_URL_START.length && DATA_URL_START.startsWith(head)) {
      this.head = head;
      return undefined;
    }
    this.head = undefined;
    return head;
  }

  /** The last bytes; throws when the text cannot be a whole base64 encoding. */
  finish(): Buffer {
    if (this.head !== undefined) {
      const rest = this.takeHead('', true) ?? '';
      const bytes = rest ? this.push(rest) : EMPTY;
      return Buffer.concat([bytes, this.finish()]);
    }
    // The last characters the fast path held back unchecked: check them like any others.
    const whole = this.carry ? this.pushCarefully(this.carry) : EMPTY;
    const rest = this.carry.replace(/=+$/, '');
    this.carry = '';
    if (rest.length === 1) throw new InvalidBase64Error('base64 data ends with an incomplete group');
    if (this.sawPadding && rest.length === 0 && this.decodedBytes === 0) throw new InvalidBase64Error('base64 data is only padding');
    const out = rest.length ? Buffer.from(rest, 'base64') : EMPTY;
    this.decodedBytes += out.length;
    return whole.length ? Buffer.concat([whole, out]) : out;
  }
}
