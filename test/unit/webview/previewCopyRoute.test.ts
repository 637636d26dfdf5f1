// The preview-copy route's messages and the page's words for it (no DOM needed for these).
import * as assert from 'node:assert/strict';
import { fromWebviewMessage, toWebviewMessage } from '../../../src/shared/protocol';
import { PANEL_STRING_KEYS, type PanelStrings } from '../../../src/shared/strings';
import { copyableReason, noCopyNote, type PreviewCopyAnswer } from '../../../src/webview/previewCopyRoute';

const strings = Object.fromEntries(PANEL_STRING_KEYS.map((k) => [k, `${k}:{0}`])) as PanelStrings;
const none: PreviewCopyAnswer = {
  type: 'previewCopy',
  id: 'file:///v.mp4',
  src: null,
  codec: null,
  cached: false,
  problem: null,
  detail: '',
};

describe('webview: the preview-copy route', () => {
  it('asks for a copy only where the decoder is the problem, not for a clip without a readable AAC track', () => {
    assert.equal(copyableReason({ kind: 'silent', reason: 'no-decoder', detail: '' }), 'no-decoder');
    assert.equal(copyableReason({ kind: 'silent', reason: 'no-web-audio', detail: '' }), 'no-web-audio');
    assert.equal(copyableReason({ kind: 'silent', reason: 'decode-failed', detail: 'x' }), 'decode-failed');
    assert.equal(copyableReason({ kind: 'silent', reason: 'no-track', detail: 'x' }), null);
    assert.equal(copyableReason({ kind: 'native' }), null);
    assert.equal(copyableReason({ kind: 'decoded' }), null);
  });

  it('says why there is no copy: ffmpeg missing, cancelled, or its error', () => {
    assert.equal(noCopyNote({ ...none, problem: 'no-ffmpeg' }, strings), 'audioCopyNoFfmpeg:{0}');
    assert.equal(noCopyNote({ ...none, problem: 'cancelled' }, strings), 'audioCopyCancelled:{0}');
    assert.equal(
      noCopyNote({ ...none, problem: 'failed', detail: 'FLAC: ffmpeg failed (exit code 1): boom' }, strings),
      'audioCopyFailed:FLAC: ffmpeg failed (exit code 1): boom',
    );
    assert.equal(noCopyNote({ ...none, problem: 'timeout', detail: 'took too long' }, strings), 'audioCopyFailed:took too long');
  });

  it('the protocol carries the request and both kinds of answer, and refuses others', () => {
    assert.ok(fromWebviewMessage.safeParse({ type: 'previewCopy', id: 'file:///v.mp4', reason: 'no-decoder' }).success);
    assert.equal(fromWebviewMessage.safeParse({ type: 'previewCopy', id: 'file:///v.mp4', reason: 'no-track' }).success, false);
    assert.equal(fromWebviewMessage.safeParse({ type: 'previewCopy', id: '', reason: 'no-decoder' }).success, false);
    assert.ok(
      toWebviewMessage.safeParse({ ...none, src: 'https://file+.vscode-resource/x.flac.mp4', codec: 'flac', cached: true }).success,
    );
    assert.ok(toWebviewMessage.safeParse({ ...none, problem: 'no-ffmpeg', detail: 'ffmpeg was not found on the PATH' }).success);
    assert.equal(toWebviewMessage.safeParse({ ...none, codec: 'aac' }).success, false);
    assert.equal(toWebviewMessage.safeParse({ ...none, problem: 'exploded' }).success, false);
  });
});
