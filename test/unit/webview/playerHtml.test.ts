// The player editor's page: the strict CSP, every label escaped, and the message schemas refusing
// what the page or the extension must never accept.
import * as assert from 'node:assert/strict';
import { renderPlayerHtml } from '../../../src/player/playerHtml';
import { fromPlayerMessage, toPlayerMessage } from '../../../src/shared/playerProtocol';
import { PLAYER_STRING_KEYS, readPlayerStrings, type PlayerStrings } from '../../../src/shared/playerStrings';

const HOSTILE = `"><script>alert(1)</script>&'`;

describe('player page: markup and messages', () => {
  const strings = Object.fromEntries(PLAYER_STRING_KEYS.map((k) => [k, HOSTILE])) as PlayerStrings;
  const html = renderPlayerHtml({
    cspSource: 'https://webview.example',
    nonce: 'abc123',
    scriptUri: 'https://webview.example/dist/player.js',
    styleUri: 'https://webview.example/media/player.css',
    title: HOSTILE,
    strings,
  });

  it('runs only its own script under a strict CSP', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.match(csp, /connect-src 'none'/);
    assert.match(csp, /media-src https:\/\/webview.example/);
    assert.equal([...html.matchAll(/<script/g)].length, 1);
    assert.match(html, /<script nonce="abc123" src="https:\/\/webview.example\/dist\/player.js"><\/script>/);
  });

  it('escapes every label and the title', () => {
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(html.includes('&#34;&#62;&#60;script&#62;'));
  });

  it('reads embedded strings, a missing one as its key', () => {
    const read = readPlayerStrings(JSON.stringify({ play: 'Play' }));
    assert.equal(read.play, 'Play');
    assert.equal(read.pause, 'pause');
    assert.equal(readPlayerStrings('{not json').play, 'play');
  });

  it('accepts the messages the page sends and refuses others', () => {
    assert.ok(fromPlayerMessage.safeParse({ type: 'ready' }).success);
    assert.ok(fromPlayerMessage.safeParse({ type: 'action', action: 'copyPath' }).success);
    assert.ok(!fromPlayerMessage.safeParse({ type: 'action', action: 'runShell' }).success);
    assert.ok(fromPlayerMessage.safeParse({ type: 'saveFrame', frame: 3, width: 1280, height: 720, png: 'iVBORw0KGgo=' }).success);
    assert.ok(!fromPlayerMessage.safeParse({ type: 'saveFrame', frame: -1, width: 1280, height: 720, png: '' }).success);
    assert.ok(!fromPlayerMessage.safeParse({ type: 'saveFrame', frame: 1, width: 99_999, height: 720, png: '' }).success);
    const extra = fromPlayerMessage.safeParse({ type: 'saveFrame', frame: 1, width: 10, height: 10, png: '', path: '/etc/passwd' });
    assert.ok(extra.success && !('path' in extra.data), 'a path from the page is dropped');
  });

  it('checks what the extension sends too', () => {
    assert.ok(toPlayerMessage.safeParse({ type: 'hash', state: 'differs', actual: 'a'.repeat(64) }).success);
    assert.ok(!toPlayerMessage.safeParse({ type: 'hash', state: 'maybe', actual: null }).success);
  });
});
