// The player: the saved file through its webview URI, its metadata, the AAC note, and the buttons
// that act on the file. Everything the server or the user wrote is set as text.
import type { DecodedAudioInput } from './audio/decodedAudio';
import { SoundRoute, silentReasonText, soundRouteLine, soundRouteText, type ShownRoute } from './audio/soundRoute';
import { lineageRows } from './compareLineageRows';
import {
  copyableReason,
  LOADING_COPY,
  noCopyNote,
  switchToCopy,
  type CopyableReason,
  type PreviewCopyAnswer,
  type PreviewRoute,
} from './previewCopyRoute';
import { button, el, releaseVideo } from './dom';
import { formatDateTime, formatFileSize, formatSecondsValue } from '../shared/format';
import type { FormValues, FromWebviewMessage, VideoAction, VideoView } from '../shared/protocol';
import { fill, type PanelStrings } from '../shared/strings';

export interface PlayerHooks {
  report(message: Extract<FromWebviewMessage, { type: 'videoLoaded' | 'videoError' }>): void;
  action(id: string, action: VideoAction): void;
  reuse(request: FormValues): void;
  /** Asks for the AAC track and decoder of a clip VS Code may play silently (answered with receiveAudio). */
  requestAudio(id: string): void;
  /** Asks for a preview copy made with ffmpeg when the decoder cannot play (answered with receivePreviewCopy). */
  requestPreviewCopy(id: string, reason: CopyableReason): void;
}

export class PlayerView {
  private video: HTMLVideoElement | undefined;
  private shown: VideoView | undefined;
  /** Everything under the video; re-rendered without touching the video element. */
  private readonly details = el('div', { className: 'video-details' });
  /** How the clip's AAC sound plays (the page's own routes). */
  private readonly sound = new SoundRoute();
  /** The preview-copy route, when the page's own decoder cannot play the sound (it overrides `sound`). */
  private copyRoute: PreviewRoute | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly strings: PanelStrings,
    private readonly hooks: PlayerHooks,
  ) {}

  get current(): VideoView | undefined {
    return this.shown;
  }

  show(view: VideoView): void {
    const sameSource = this.video !== undefined && this.shown?.src === view.src;
    this.shown = view;
    if (sameSource && this.video) {
      // Sent again (the page restarted its sync): keep the element and report what it already knows.
      if (this.video.readyState >= 1) this.reportLoaded(this.video, view.src);
      this.renderDetails(view);
      return;
    }
    if (this.video) releaseVideo(this.video);
    this.copyRoute = undefined;
    const video = el('video', { attrs: { 'aria-label': fill(this.strings.videoLabel, view.name) } });
    video.controls = true;
    video.preload = 'metadata';
    video.addEventListener('loadedmetadata', () => this.reportLoaded(video, view.src));
    video.addEventListener('error', () => {
      if (video.dataset.previewCopy === LOADING_COPY) return; // the copy's own failure: see receivePreviewCopy
      const message = video.error?.message || `media error ${video.error?.code ?? 'unknown'}`;
      this.hooks.report({ type: 'videoError', src: view.src, message });
      this.container.querySelector('.player-error')?.remove();
      this.container.prepend(
        el('p', { className: 'player-error', text: fill(this.strings.playerError, message), attrs: { role: 'alert' } }),
      );
    });
    video.src = view.src;
    this.video = video;
    this.sound.begin(video, view.id, view.silentInVsCode);
    this.container.replaceChildren(el('div', { className: 'video-frame' }, video), this.details);
    this.renderDetails(view);
    if (view.silentInVsCode) this.hooks.requestAudio(view.id);
  }

  /** The track and decoder for the clip on show: picks the sound's route and shows it. */
  receiveAudio(id: string, input: DecodedAudioInput): void {
    void this.sound.receive(id, input).then((changed) => {
      if (!changed || this.shown?.id !== id) return;
      const route = this.sound.current;
      const reason = route && route.kind !== 'checking' ? copyableReason(route) : null;
      if (reason && route?.kind === 'silent') {
        this.copyRoute = { kind: 'copying', silent: route };
        this.hooks.requestPreviewCopy(id, reason);
      }
      if (this.shown) this.renderDetails(this.shown);
    });
  }

  /** The preview copy (or why there is none) for the clip on show: plays it in place of the clip. */
  receivePreviewCopy(id: string, answer: PreviewCopyAnswer): void {
    const video = this.video;
    const route = this.copyRoute;
    if (!video || this.shown?.id !== id || route?.kind !== 'copying') return;
    const settle = (next: PreviewRoute): void => {
      if (this.video !== video || this.shown?.id !== id) return;
      this.copyRoute = next;
      if (this.shown) this.renderDetails(this.shown);
    };
    if (!answer.src || !answer.codec) {
      settle({ ...route.silent, copyNote: noCopyNote(answer, this.strings) });
      return;
    }
    const codec = answer.codec;
    // The copy plays with the element's own sound: whatever the page's decoder held of it is let go.
    this.sound.release();
    switchToCopy(video, answer.src).then(
      () => settle({ kind: 'preview-copy', codec, cached: answer.cached }),
      (err: unknown) =>
        settle({ ...route.silent, copyNote: fill(this.strings.audioCopyUnplayable, err instanceof Error ? err.message : String(err)) }),
    );
  }

  /** The route line: the preview copy's own, or the page's (soundRouteLine). */
  private routeLine(route: ShownRoute | PreviewRoute): HTMLElement {
    const s = this.strings;
    if (route.kind === 'copying' || route.kind === 'preview-copy' || 'copyNote' in route) {
      const text =
        route.kind === 'copying'
          ? fill(s.audioRouteCopying, silentReasonText(route.silent, s))
          : route.kind === 'preview-copy'
            ? fill(s.audioRoutePreviewCopy, route.codec.toUpperCase())
            : `${soundRouteText(route, s)} ${route.copyNote}`;
      return el('p', { className: 'audio-route', text, attrs: routeAttrs(route) });
    }
    return soundRouteLine(route, s);
  }

  private reportLoaded(video: HTMLVideoElement, src: string): void {
    this.hooks.report({
      type: 'videoLoaded',
      src,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      duration: Number.isFinite(video.duration) ? video.duration : 0,
    });
  }

  private renderDetails(view: VideoView): void {
    const s = this.strings;
    const title = el('h3', { className: 'video-title', text: view.name });

    const actions = el('div', { className: 'video-actions' });
    if (view.request) {
      const request = view.request;
      actions.append(button(s.generateAgain, 'secondary generate-again', () => this.hooks.reuse(request)));
    }
    if (view.request) actions.append(button(s.promoteToFinal, 'secondary promote', () => this.hooks.action(view.id, 'promote')));
    actions.append(
      button(s.reveal, 'secondary', () => this.hooks.action(view.id, 'reveal')),
      button(s.copyPath, 'secondary', () => this.hooks.action(view.id, 'copyPath')),
    );

    const route = this.copyRoute ?? this.sound.current;
    const silent = route
      ? el(
          'div',
          { className: 'notice', attrs: { role: 'note' } },
          route.kind === 'silent' ? el('p', { text: s.silentNote }) : null,
          this.routeLine(route),
          button(s.openExternal, 'secondary', () => this.hooks.action(view.id, 'openExternal')),
        )
      : null;

    const rows: Array<[string, string]> = [];
    if (view.width && view.height) rows.push([s.resolution, `${view.width} × ${view.height}`]);
    if (view.duration !== null) rows.push([s.duration, fill(s.seconds, formatSecondsValue(view.duration))]);
    if (view.bytes !== null) rows.push([s.size, formatFileSize(view.bytes)]);
    if (view.videoCodec) rows.push([s.videoCodec, view.videoCodec]);
    rows.push([s.audioCodec, view.audioCodec ?? s.noAudio]);
    if (view.request) {
      rows.push([s.model, view.modelLabel ?? view.request.model]);
      rows.push([s.settings, `${view.request.quality} · ${view.request.ratio} · ${fill(s.seconds, view.request.duration)}`]);
    }
    if (view.savedAt) rows.push([s.savedAt, formatDateTime(view.savedAt)]);
    rows.push([s.path, view.path]);
    rows.push(...lineageRows(view.lineage, s));
    if (view.request) rows.push([s.prompt, view.request.prompt]);
    if (view.revisedPrompt && view.revisedPrompt !== view.request?.prompt) rows.push([s.revisedPrompt, view.revisedPrompt]);

    const meta = el('dl', { className: 'meta' });
    for (const [term, value] of rows) {
      meta.append(el('div', { className: 'meta-row' }, el('dt', { text: term }), el('dd', { text: value })));
    }
    const warnings = view.warnings.length
      ? el(
          'div',
          { className: 'warnings' },
          el('h4', { text: s.warnings }),
          el('ul', {}, ...view.warnings.map((w) => el('li', { text: w }))),
        )
      : null;

    this.details.replaceChildren(...[title, silent, actions, meta, warnings].filter((n) => n !== null));
  }
}

function routeAttrs(route: PreviewRoute): Record<string, string> {
  if (route.kind !== 'preview-copy') return { 'data-route': route.kind };
  return { 'data-route': route.kind, 'data-codec': route.codec, 'data-cached': String(route.cached) };
}
