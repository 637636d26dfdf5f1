// The player: the saved file through its webview URI, its metadata, the AAC note, and the buttons
// that act on the file. Everything the server or the user wrote is set as text.
import type { DecodedAudioInput } from './audio/decodedAudio';
import { SoundRoute, soundRouteLine } from './audio/soundRoute';
import { lineageRows } from './compareLineageRows';
import { button, el } from './dom';
import { formatDateTime, formatFileSize, formatSecondsValue } from '../shared/format';
import type { FormValues, FromWebviewMessage, VideoAction, VideoView } from '../shared/protocol';
import { fill, type PanelStrings } from '../shared/strings';

export interface PlayerHooks {
  report(message: Extract<FromWebviewMessage, { type: 'videoLoaded' | 'videoError' }>): void;
  action(id: string, action: VideoAction): void;
  reuse(request: FormValues): void;
  /** Asks for the AAC track and decoder of a clip VS Code may play silently (answered with receiveAudio). */
  requestAudio(id: string): void;
}

export class PlayerView {
  private video: HTMLVideoElement | undefined;
  private shown: VideoView | undefined;
  /** Everything under the video; re-rendered without touching the video element. */
  private readonly details = el('div', { className: 'video-details' });
  /** How the clip's AAC sound plays. */
  private readonly sound = new SoundRoute();

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
    const video = el('video', { attrs: { 'aria-label': fill(this.strings.videoLabel, view.name) } });
    video.controls = true;
    video.preload = 'metadata';
    video.addEventListener('loadedmetadata', () => this.reportLoaded(video, view.src));
    video.addEventListener('error', () => {
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
      if (changed && this.shown) this.renderDetails(this.shown);
    });
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

    const route = this.sound.current;
    const silent = route
      ? el(
          'div',
          { className: 'notice', attrs: { role: 'note' } },
          route.kind === 'silent' ? el('p', { text: s.silentNote }) : null,
          soundRouteLine(route, s),
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
