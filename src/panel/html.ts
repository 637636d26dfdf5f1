// Builds the panel's HTML. Kept apart from the panel class so the CSP can be read in one place.
// The skeleton is static and holds only localized labels; the page script fills in the rest with
// textContent and createElement.
import { randomBytes } from 'node:crypto';
import type { PanelStrings } from '../shared/strings';
import type { PanelLabels } from './panelStrings';

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

export interface PanelHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** Which load of the page this is: its `ready` message names it, so a stale page is told apart. */
  page: number;
  labels: PanelLabels;
  strings: PanelStrings;
  /** The longest prompt a message may carry (UTF-16 units). */
  promptMaxLength: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A strict CSP: nothing but our own script (by nonce) and WebAssembly it compiles, our
 *  stylesheet, and media from the webview resource origin (which `localResourceRoots` limits
 *  further); no network at all. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `media-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    // 'wasm-unsafe-eval': the AAC decoder module (media/aac) is WebAssembly; nothing else is allowed.
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The page's markup in one template, read top to bottom as the page is (long because it is markup). */
export function renderPanelHtml(input: PanelHtmlInput): string {
  const l = (key: keyof PanelLabels): string => escapeHtml(input.labels[key]);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>${l('title')}</title>
</head>
<body data-video-gen-panel data-page="${input.page}" data-strings="${escapeHtml(JSON.stringify(input.strings))}">
<main class="layout">
<h1 class="visually-hidden">${l('title')}</h1>
<section class="composer" aria-labelledby="composer-heading">
  <h2 id="composer-heading">${l('composerHeading')}</h2>
  <form id="form" novalidate>
    <div class="field">
      <label for="prompt">${l('prompt')}</label>
      <textarea id="prompt" name="prompt" rows="5" maxlength="${input.promptMaxLength}" placeholder="${l('promptPlaceholder')}" aria-describedby="prompt-error prompt-hint prompt-count"></textarea>
      <p id="prompt-error" class="field-error" hidden></p>
      <div class="field-notes"><span id="prompt-hint" class="hint">${l('promptHint')}</span><span id="prompt-count" class="hint count"></span></div>
    </div>
    <div class="field">
      <label for="model">${l('model')}</label>
      <div class="model-row"><select id="model" name="model" aria-describedby="model-advice"></select><span id="model-badge" class="badge" hidden></span></div>
      <p id="model-advice" class="hint advice"></p>
      <p id="model-replaced" class="hint warning" hidden></p>
    </div>
    <div class="row">
      <div class="field"><label for="quality">${l('quality')}</label><select id="quality" name="quality" aria-describedby="frame-hint"></select></div>
      <div class="field"><label for="duration">${l('duration')}</label><select id="duration" name="duration" aria-describedby="frame-hint"></select></div>
      <div class="field"><label for="ratio">${l('ratio')}</label><select id="ratio" name="ratio" aria-describedby="frame-hint"></select></div>
    </div>
    <p id="frame-hint" class="hint"></p>
    <p id="cost-estimate" class="hint estimate" hidden></p>
    <div class="actions">
      <button type="submit" id="generate" class="button primary" aria-describedby="cost-estimate">${l('generate')}</button>
      <button type="button" id="cancel" class="button secondary" title="${l('cancelHint')}" disabled>${l('cancel')}</button>
      <button type="button" id="compare-models" class="button secondary" title="${l('compareModelsHint')}">${l('compareModels')}</button>
    </div>
    <p id="usage" class="hint usage"></p>
    <p class="hint cost">${l('costNote')}</p>
  </form>
  <div id="error" class="error" role="alert" hidden></div>
  <p id="status" class="status" role="status" aria-live="polite"></p>
  <section id="jobs-section" class="jobs" aria-labelledby="jobs-heading" hidden>
    <h3 id="jobs-heading">${l('runningHeading')}</h3>
    <ul id="jobs"></ul>
  </section>
</section>
<section class="viewer" aria-labelledby="player-heading">
  <h2 id="player-heading" class="visually-hidden">${l('playerHeading')}</h2>
  <section id="compare" class="compare" aria-labelledby="compare-heading" hidden></section>
  <div id="player"><p class="empty">${l('noVideo')}</p></div>
</section>
<section class="history" aria-labelledby="history-heading">
  <div class="history-head"><h2 id="history-heading">${l('historyHeading')}</h2><button type="button" id="show-history-view" class="link">${l('showHistoryView')}</button></div>
  <div id="gallery-filters" class="gallery-filters"></div>
  <ul id="history" class="gallery"></ul>
</section>
</main>
<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>`;
}
