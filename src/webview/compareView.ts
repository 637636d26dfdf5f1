// The compare view: a tile per take (a player, its model, elapsed time, size, estimate, and Keep,
// Discard, Promote) and one control bar that plays, pauses, seeks and loops every tile together
// on a shared clock (compareClock.ts): a seek moves every tile and waits for each `seeked`. Text
// from the server or the user is set as textContent only.
import { button, el, releaseVideo } from './dom';
import { correctDrift, clockTile, groupDuration, groupEnded, seekTargets } from './compareClock';
import { formatFileSize, formatSeconds, formatSecondsValue } from '../shared/format';
import type { CompareAction, CompareTake, CompareView as CompareData } from '../shared/protocol';
import { fill, type PanelStrings } from '../shared/strings';

export interface CompareHooks {
  action(compareId: string, id: string, action: CompareAction): void;
  close(): void;
  /** Shown while the comparison is, hidden after: the single player. */
  player: HTMLElement;
}

/** Longest wait for one tile's `seeked` (a tile that never loads must not hold the others). */
const SEEK_TIMEOUT_MS = 3000;

function seekOne(video: HTMLVideoElement, time: number): Promise<void> {
  if (!video.seeking && Math.abs(video.currentTime - time) < 0.001) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      video.removeEventListener('seeked', done);
      resolve();
    };
    const timer = setTimeout(done, SEEK_TIMEOUT_MS);
    video.addEventListener('seeked', done);
    video.currentTime = time;
  });
}

/** Plays, pauses, seeks and loops a group of videos as one. */
class SharedClock {
  videos: HTMLVideoElement[] = [];
  loop = false;
  private playing = false;
  private frame = 0;
  private seekChain: Promise<void> = Promise.resolve();
  /** Seeks asked for and not done: the tiles are moving, so drift and the end are not judged. */
  private pendingSeeks = 0;
  /** Seeks done so far (the page shows it as data-seeks, for tests and tools). */
  seeksDone = 0;

  constructor(private readonly changed: () => void) {}

  get isPlaying(): boolean {
    return this.playing;
  }

  get duration(): number {
    return groupDuration(this.durations());
  }

  get time(): number {
    return this.videos[clockTile(this.durations())]?.currentTime ?? 0;
  }

  reset(videos: HTMLVideoElement[]): void {
    this.stopTicking();
    this.playing = false;
    this.videos = videos;
  }

  async play(): Promise<void> {
    if (this.videos.length === 0) return;
    if (groupEnded(this.time, this.durations())) await this.seek(0);
    await this.seekChain;
    this.playing = true;
    for (const v of this.videos) v.playbackRate = 1;
    await Promise.all(this.videos.map((v) => (v.ended ? Promise.resolve() : v.play().catch(() => undefined))));
    this.startTicking();
    this.changed();
  }

  /** Pauses every tile, then lines them up on the clock's time (read once earlier seeks are done). */
  async pause(): Promise<void> {
    this.playing = false;
    this.stopTicking();
    for (const v of this.videos) v.pause();
    await this.seek('clock');
    this.changed();
  }

  /**
   * Seeks every tile to `time` (a shorter take to its end; 'clock': where the clock is when this seek's
   * turn comes) and resolves once each has `seeked`; playing goes on after. Seeks run one after another.
   */
  seek(time: number | 'clock'): Promise<void> {
    this.pendingSeeks++;
    this.seekChain = this.seekChain.then(async () => {
      try {
        const wasPlaying = this.playing;
        if (wasPlaying) for (const v of this.videos) v.pause();
        const targets = seekTargets(time === 'clock' ? this.time : time, this.durations());
        await Promise.all(this.videos.map((v, i) => seekOne(v, targets[i] ?? 0)));
        if (wasPlaying && this.playing) await Promise.all(this.videos.map((v) => (v.ended ? undefined : v.play().catch(() => undefined))));
      } finally {
        this.pendingSeeks--;
        this.seeksDone++;
      }
      this.changed();
    });
    return this.seekChain;
  }

  private durations(): number[] {
    return this.videos.map((v) => v.duration);
  }

  private startTicking(): void {
    this.stopTicking();
    const tick = (): void => {
      this.frame = requestAnimationFrame(tick);
      this.keepInStep();
    };
    this.frame = requestAnimationFrame(tick);
  }

  private stopTicking(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /** While playing: tiles that drifted are nudged or moved back; at the end, stop or loop. */
  private keepInStep(): void {
    if (this.pendingSeeks > 0) return;
    const clock = this.time;
    const durations = this.durations();
    if (groupEnded(clock, durations)) {
      if (this.loop) void this.seek(0);
      else void this.pause();
      return;
    }
    const lead = clockTile(durations);
    this.videos.forEach((v, i) => {
      if (i === lead || v.seeking) return;
      const fix = correctDrift(clock, v.currentTime, v.duration);
      if (fix.kind === 'rate') v.playbackRate = fix.rate;
      else if (fix.kind === 'seek') v.currentTime = fix.to;
    });
    this.changed();
  }
}

export class CompareTilesView {
  private shown: CompareData | undefined;
  private readonly clock = new SharedClock(() => this.renderBar());
  private readonly tiles = el('div', { className: 'compare-tiles' });
  private readonly playButton: HTMLButtonElement;
  private readonly loopButton: HTMLButtonElement;
  private readonly seekBar = el('input', {
    className: 'compare-seek',
    attrs: { type: 'range', min: '0', max: '0', step: '0.1', value: '0' },
  });
  private readonly timeText = el('span', { className: 'compare-time', attrs: { 'aria-hidden': 'true' } });
  private readonly promptText = el('p', { className: 'compare-prompt' });
  private readonly missingList = el('ul', { className: 'compare-missing' });

  constructor(
    private readonly container: HTMLElement,
    private readonly strings: PanelStrings,
    private readonly hooks: CompareHooks,
  ) {
    const s = strings;
    this.playButton = button(
      s.comparePlay,
      'primary compare-play',
      () => void (this.clock.isPlaying ? this.clock.pause() : this.clock.play()),
    );
    this.loopButton = button(s.compareLoop, 'secondary compare-loop', () => {
      this.clock.loop = !this.clock.loop;
      this.renderBar();
    });
    this.seekBar.setAttribute('aria-label', s.compareSeek);
    this.seekBar.addEventListener('input', () => void this.clock.seek(Number(this.seekBar.value)));
    const close = button(s.compareClose, 'secondary compare-close', () => this.hooks.close());
    const bar = el(
      'div',
      { className: 'compare-bar', attrs: { role: 'group', 'aria-label': s.compareSeek } },
      this.playButton,
      this.seekBar,
      this.timeText,
      this.loopButton,
      close,
    );
    // Space plays or pauses from anywhere in the view but its buttons and the slider's own keys.
    container.addEventListener('keydown', (event) => {
      const target = event.target as HTMLElement;
      if (event.key === ' ' && !(target instanceof HTMLButtonElement) && !(target instanceof HTMLInputElement)) {
        event.preventDefault();
        this.playButton.click();
      }
    });
    container.replaceChildren(
      el('h2', { text: s.compareHeading, attrs: { id: 'compare-heading' } }),
      this.promptText,
      bar,
      this.tiles,
      this.missingList,
    );
  }

  show(view: CompareData | null): void {
    if (!view) {
      this.clock.reset([]);
      this.shown = undefined;
      this.releaseTileVideos();
      this.tiles.replaceChildren();
      this.container.hidden = true;
      this.hooks.player.hidden = false;
      return;
    }
    const sameTakes = this.shown?.id === view.id && this.shown.takes.every((t) => view.takes.some((n) => n.id === t.id));
    const firstShow = this.container.hidden;
    this.shown = view;
    this.container.hidden = false;
    this.hooks.player.hidden = true;
    this.promptText.textContent = view.prompt;
    this.renderMissing(view);
    if (sameTakes) this.updateTiles(view);
    else this.renderTiles(view);
    if (firstShow) this.playButton.focus();
  }

  private renderTiles(view: CompareData): void {
    const videos: HTMLVideoElement[] = [];
    const tiles = view.takes.map((take, index) => {
      const video = el('video', { attrs: { 'aria-label': fill(this.strings.compareTile, take.modelLabel) } });
      video.preload = 'auto';
      video.muted = index > 0;
      video.playsInline = true;
      video.addEventListener('loadedmetadata', () => this.renderBar());
      video.src = take.src;
      videos.push(video);
      return this.tile(view, take, video);
    });
    this.clock.reset(videos);
    this.releaseTileVideos();
    this.tiles.replaceChildren(...tiles);
    this.tiles.dataset.count = String(tiles.length);
    this.renderBar();
    if (view.takes.length === 0) this.tiles.append(el('p', { className: 'empty', text: this.strings.compareEmpty }));
  }

  /** The players of the tiles about to be taken off the page. */
  private releaseTileVideos(): void {
    for (const video of this.tiles.querySelectorAll('video')) releaseVideo(video);
  }

  /** The same takes, fewer of them or marked differently: keep the players, redo the captions. */
  private updateTiles(view: CompareData): void {
    const keep = new Set(view.takes.map((t) => t.id));
    for (const tile of [...this.tiles.querySelectorAll<HTMLElement>('.compare-tile')]) {
      const id = tile.dataset.takeId ?? '';
      if (!keep.has(id)) {
        const video = tile.querySelector('video');
        if (video) releaseVideo(video);
        tile.remove();
        continue;
      }
      const take = view.takes.find((t) => t.id === id)!;
      const keepButton = tile.querySelector<HTMLButtonElement>('.compare-keep');
      if (keepButton) this.renderKeep(keepButton, take);
      tile.classList.toggle('kept', take.kept);
    }
    const videos = [...this.tiles.querySelectorAll('video')];
    this.clock.videos = videos;
    this.tiles.dataset.count = String(videos.length);
    if (videos.length === 0) this.tiles.replaceChildren(el('p', { className: 'empty', text: this.strings.compareEmpty }));
    this.renderBar();
  }

  private tile(view: CompareData, take: CompareTake, video: HTMLVideoElement): HTMLElement {
    const s = this.strings;
    const heading = el('h3', { className: 'compare-model', text: take.modelLabel });
    if (take.premium) heading.append(' ', el('span', { className: 'badge premium', text: s.premium }));
    heading.append(' ', el('span', { className: 'badge kept-badge', text: s.compareKept }));
    const facts = [take.settings];
    if (take.elapsedMs !== null) facts.push(fill(s.compareElapsed, formatSeconds(take.elapsedMs / 1000)));
    if (take.bytes !== null) facts.push(formatFileSize(take.bytes));
    if (take.estimate) facts.push(take.estimate);
    const act = (action: CompareAction) => () => this.hooks.action(view.id, take.id, action);
    const keepButton = button(s.compareKeep, 'secondary compare-keep', act('keep'), fill(s.compareKeepLabel, take.modelLabel));
    this.renderKeep(keepButton, take);
    const actions = el(
      'div',
      { className: 'compare-actions' },
      keepButton,
      button(s.compareDiscard, 'secondary compare-discard', act('discard'), fill(s.compareDiscardLabel, take.modelLabel)),
      button(s.comparePromote, 'secondary compare-promote', act('promote'), fill(s.comparePromoteLabel, take.modelLabel)),
    );
    const tile = el(
      'figure',
      { className: 'compare-tile', attrs: { 'aria-label': fill(s.compareTile, take.modelLabel) } },
      el('div', { className: 'video-frame' }, video),
      el(
        'figcaption',
        {},
        heading,
        el('p', { className: 'hint compare-facts', text: facts.join(' · ') }),
        el('p', { className: 'hint compare-name', text: take.name }),
      ),
      actions,
    );
    tile.dataset.takeId = take.id;
    tile.classList.toggle('kept', take.kept);
    return tile;
  }

  /** A toggle: its words stay "Keep" (its accessible name starts with them); the state is aria-pressed and the tile's "Kept" badge. */
  private renderKeep(keepButton: HTMLButtonElement, take: CompareTake): void {
    keepButton.setAttribute('aria-pressed', String(take.kept));
  }

  private renderMissing(view: CompareData): void {
    this.missingList.replaceChildren(...view.missing.map((m) => el('li', { text: fill(this.strings.compareMissing, m.label, m.reason) })));
    this.missingList.hidden = view.missing.length === 0;
  }

  private renderBar(): void {
    const s = this.strings;
    const duration = this.clock.duration;
    const time = Math.min(this.clock.time, duration);
    this.playButton.textContent = this.clock.isPlaying ? s.comparePause : s.comparePlay;
    this.loopButton.setAttribute('aria-pressed', String(this.clock.loop));
    this.seekBar.max = String(duration);
    if (document.activeElement !== this.seekBar || this.clock.isPlaying) this.seekBar.value = String(time);
    const text = fill(s.compareTime, formatSecondsValue(time), formatSecondsValue(duration));
    this.seekBar.setAttribute('aria-valuetext', text);
    this.timeText.textContent = text;
    this.container.dataset.playing = String(this.clock.isPlaying);
    this.container.dataset.seeks = String(this.clock.seeksDone);
  }
}
