// Decodes base64 text that arrives in pieces of any length. Node's own decoder silently skips
// characters outside the alphabet, which would turn a corrupted response into a corrupted video,
// so each piece is checked first.

export class InvalidBase64Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBase64Error';
  }
}

const WHITESPACE = /[\r\n\t ]/;
const WHITESPACE_ALL = /[\r\n\t ]+/g;
const OUTSIDE_ALPHABET = /[^A-Za-z0-9+/=]/;

export class Base64StreamDecoder {
  private carry = '';
  private sawPadding = false;
  private decodedBytes = 0;

  get bytes(): number {
    return this.decodedBytes;
  }

  /** Returns the bytes this piece completes (possibly empty). */
  push(piece: string): Buffer {
    let text = WHITESPACE.test(piece) ? piece.replace(WHITESPACE_ALL, '') : piece;
    if (text.length === 0) return Buffer.alloc(0);
    const bad = OUTSIDE_ALPHABET.exec(text);
    if (bad) {
      const code = bad[0].charCodeAt(0);
      throw new InvalidBase64Error(`character ${code < 0x20 || code > 0x7e ? `0x${code.toString(16)}` : JSON.stringify(bad[0])} is not base64`);
    }
    if (this.sawPadding && !/^=*$/.test(text)) throw new InvalidBase64Error('data continues after base64 padding');
    const pad = text.indexOf('=');
    if (pad !== -1) {
      if (!/^=*$/.test(text.slice(pad))) throw new InvalidBase64Error('"=" inside base64 data');
      this.sawPadding = true;
    }
    text = this.carry + text;
    const usable = text.length - (text.length % 4);
    this.carry = text.slice(usable);
    if (usable === 0) return Buffer.alloc(0);
    const out = Buffer.from(text.slice(0, usable), 'base64');
    this.decodedBytes += out.length;
    return out;
  }

  /** The last bytes; throws when the text cannot be a whole base64 encoding. */
  finish(): Buffer {
    const rest = this.carry.replace(/=+$/, '');
    this.carry = '';
    if (rest.length === 1) throw new InvalidBase64Error('base64 data ends with an incomplete group');
    if (this.sawPadding && rest.length === 0 && this.decodedBytes === 0) throw new InvalidBase64Error('base64 data is only padding');
    const out = rest.length ? Buffer.from(rest, 'base64') : Buffer.alloc(0);
    this.decodedBytes += out.length;
    return out;
  }
}
