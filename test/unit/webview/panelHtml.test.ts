import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, renderPanelHtml } from '../../../src/panel/html';
import type { PanelLabels } from '../../../src/panel/panelStrings';
import { PANEL_STRING_KEYS, readPanelStrings, type PanelStrings } from '../../../src/shared/strings';

const HOSTILE = `"><script>alert(1)</script>&'`;

function labels(text: string): PanelLabels {
  const keys: Array<keyof PanelLabels> = [
    'title',
    'composerHeading',
    'prompt',
    'promptPlaceholder',
    'promptHint',
    'model',
    'quality',
    'duration',
    'ratio',
    'generate',
    'cancel',
    'cancelHint',
    'runningHeading',
    'playerHeading',
    'historyHeading',
    'showHistoryView',
    'noVideo',
    'costNote',
    'compareModels',
    'compareModelsHint',
  ];
  return Object.fromEntries(keys.map((k) => [k, text])) as unknown as PanelLabels;
}

function strings(text: string): PanelStrings {
  return Object.fromEntries(PANEL_STRING_KEYS.map((k) => [k, text])) as PanelStrings;
}

function render(text = 'x'): string {
  return renderPanelHtml({
    cspSource: 'https://webview.example',
    nonce: 'abc123',
    scriptUri: 'https://webview.example/dist/webview.js',
    styleUri: 'https://webview.example/media/panel.css',
    page: 7,
    labels: labels(text),
    strings: strings(text),
    promptMaxLength: 8000,
  });
}

describe('panel: HTML and CSP', () => {
  it('allows only our own script by nonce (and the WebAssembly it compiles), our styles and media from the webview origin; no network', () => {
    const csp = contentSecurityPolicy('https://webview.example', 'abc123');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123' 'wasm-unsafe-eval'(;|$)/);
    assert.match(csp, /media-src https:\/\/webview\.example(;|$)/);
    assert.match(csp, /connect-src 'none'/);
    assert.doesNotMatch(csp.replace(" 'wasm-unsafe-eval'", ''), /unsafe-inline|unsafe-eval|\*/);
  });

  it('has one script, carrying the nonce, and no inline script or style', () => {
    const html = render();
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="abc123" src="https:\/\/webview\.example\/dist\/webview\.js"><\/script>/);
    assert.doesNotMatch(html, /<style|\sstyle="|\son[a-z]+="/);
    assert.match(html, /data-page="7"/);
  });

  it('escapes every label and the embedded strings', () => {
    const html = render(HOSTILE);
    assert.doesNotMatch(html, /<script>alert/);
    const attr = /data-strings="([^"]*)"/.exec(html)?.[1];
    assert.ok(attr);
    const decoded = attr.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
    assert.equal(readPanelStrings(decoded).premium, HOSTILE);
  });

  it('labels every form control', () => {
    const html = render();
    for (const id of ['prompt', 'model', 'quality', 'duration', 'ratio']) assert.match(html, new RegExp(`<label for="${id}">`));
    assert.match(html, /id="error" class="error" role="alert"/);
    assert.match(html, /role="status" aria-live="polite"/);
  });

  it('makes a fresh nonce each time', () => {
    assert.notEqual(makeNonce(), makeNonce());
    assert.match(makeNonce(), /^[A-Za-z0-9+/]{24}$/);
  });
});
