// The Video Gen Player editor's page skeleton: localized labels only, under the same strict CSP as
// the panel (our script by nonce, our stylesheet, media from the webview's resource origin). The
// page script fills in everything else with textContent.
import { contentSecurityPolicy } from '../panel/html';
import { PLAYBACK_RATES } from '../shared/playerProtocol';
import type { PlayerStrings } from '../shared/playerStrings';

export interface PlayerHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  strings: PlayerStrings;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page's markup in one template, read top to bottom as the page is. */
export function renderPlayerHtml(input: PlayerHtmlInput): string {
  const s = (key: keyof PlayerStrings): string => escapeHtml(input.strings[key]);
  const rates = PLAYBACK_RATES.map((r) => `<option value="${r}"${r === 1 ? ' selected' : ''}>${r}×</option>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>${escapeHtml(input.title)}</title>
</head>
<body data-video-gen-player data-strings="${escapeHtml(JSON.stringify(input.strings))}">
<main class="player-editor">
<div id="gone" class="gone" role="alert" hidden></div>
<section class="stage">
  <div class="video-frame"><video id="video" controls preload="auto" crossorigin="anonymous" tabindex="0"></video></div>
  <p id="player-error" class="player-error" role="alert" hidden></p>
  <div class="controls" role="toolbar" aria-label="${s('controlsLabel')}" aria-controls="video">
    <button type="button" id="prev-frame" class="button secondary" aria-keyshortcuts=",">‹ ${s('previousFrame')}</button>
    <button type="button" id="play" class="button secondary" aria-keyshortcuts="Space">${s('play')}</button>
    <button type="button" id="next-frame" class="button secondary" aria-keyshortcuts=".">${s('nextFrame')} ›</button>
    <label class="check"><input type="checkbox" id="loop" aria-keyshortcuts="L"> ${s('loop')}</label>
    <label class="speed" for="rate">${s('speed')}</label>
    <select id="rate" aria-keyshortcuts="[ ]">${rates}</select>
    <output id="timecode" class="timecode" for="video" aria-live="off"></output>
    <button type="button" id="save-frame" class="button primary">${s('saveFrame')}</button>
  </div>
  <p id="frame-rate-note" class="hint"></p>
  <p class="hint">${s('keyboardHint')}</p>
  <p id="status" class="status" role="status" aria-live="polite"></p>
</section>
<section class="details" aria-labelledby="title">
  <h1 id="title"></h1>
  <div id="notice" class="notice" role="note" hidden></div>
  <div id="actions" class="actions" role="group" aria-label="${s('actionsLabel')}"></div>
  <section id="provenance-section" aria-labelledby="provenance-heading" hidden>
    <h2 id="provenance-heading">${s('provenanceHeading')}</h2>
    <dl id="provenance" class="meta"></dl>
  </section>
  <p id="no-sidecar" class="hint" hidden>${s('noSidecar')}</p>
  <section aria-labelledby="file-heading">
    <h2 id="file-heading">${s('fileHeading')}</h2>
    <dl id="file-facts" class="meta"></dl>
  </section>
  <div id="warnings" class="warnings" hidden></div>
</section>
</main>
<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>`;
}
