// The workspace's generated videos in the panel, as a gallery: a grid of takes, newest first, each
// with a poster frame taken from the clip itself (a muted <video> at a media fragment, loaded only
// once the tile is near the visible part of the page), its model, duration and date, and the
// prompt on hover and focus. Filters narrow it by prompt words, model, storyboard and date. The
// grid is one tab stop: the arrow keys (and Home, End, Page Up/Down) move between tiles, Enter
// plays, Delete discards (the extension asks first). Text goes in through textContent only.
import { button, el, releaseVideo } from './dom';
import { excerpt, formatDateTime } from '../shared/format';
import type { FormValues, HistoryItem } from '../shared/protocol';
import { fill, type PanelStrings } from '../shared/strings';
import {
  NO_FILTER,
  NO_STORYBOARD,
  filterChoices,
  filterTakes,
  gridStep,
  posterTime,
  type DateRange,
  type GalleryFilter,
} from './galleryModel';

export interface GalleryHooks {
  play(id: string): void;
  reuse(request: FormValues): void;
  discard(id: string): void;
  /** The filters changed (kept in the page state). */
  filtered(filter: GalleryFilter): void;
}

/** The mark measured from a history message to the first frame painted with its tiles. */
export const GALLERY_PAINT_MEASURE = 'video-gen-gallery-paint';
const PROMPT_SHOWN = 90;
const POSTERS_AT_ONCE = 2;
const POSTER_WIDTH = 320;
const POSTER_TIMEOUT_MS = 15_000;

export class GalleryView {
  private items: HistoryItem[] = [];
  private filter: GalleryFilter;
  private shown: HistoryItem[] = [];
  private focusIndex = 0;
  private readonly observer: IntersectionObserver;
  private readonly posterQueue: HTMLElement[] = [];
  private posterLoads = 0;
  /**
   * The posters drawn so far, by take: a history update re-renders every tile, and redrawing each
   * visible poster would load its clip again, in competition with the clip the player is loading.
   */
  private readonly drawn = new Map<string, HTMLCanvasElement>();
  private readonly textInput: HTMLInputElement;
  private readonly modelSelect: HTMLSelectElement;
  private readonly storyboardSelect: HTMLSelectElement;
  private readonly rangeSelect: HTMLSelectElement;
  private readonly count: HTMLParagraphElement;

  constructor(
    filters: HTMLElement,
    private readonly list: HTMLUListElement,
    private readonly strings: PanelStrings,
    private readonly hooks: GalleryHooks,
    initial: Partial<GalleryFilter> | undefined,
  ) {
    this.filter = { ...NO_FILTER, ...initial };
    // Posters load when their tile comes near the visible part of the page, not before.
    this.observer = new IntersectionObserver((entries) => this.loadPosters(entries), { rootMargin: '200px' });
    const s = strings;
    this.textInput = el('input', {
      attrs: { type: 'search', id: 'gallery-text', placeholder: s.galleryFilterText, 'aria-label': s.galleryFilterText },
    });
    this.textInput.value = this.filter.text;
    this.modelSelect = el('select', { attrs: { id: 'gallery-model', 'aria-label': s.galleryAllModels } });
    this.storyboardSelect = el('select', { attrs: { id: 'gallery-storyboard', 'aria-label': s.galleryAllStoryboards } });
    this.rangeSelect = el('select', { attrs: { id: 'gallery-range', 'aria-label': s.galleryAnyDate } });
    const ranges: Array<[DateRange, string]> = [
      ['all', s.galleryAnyDate],
      ['today', s.galleryToday],
      ['week', s.galleryWeek],
      ['month', s.galleryMonth],
    ];
    this.rangeSelect.replaceChildren(...ranges.map(([value, text]) => el('option', { text, attrs: { value } })));
    this.rangeSelect.value = this.filter.range;
    this.count = el('p', { className: 'gallery-count', attrs: { id: 'gallery-count', 'aria-live': 'polite' } });
    filters.replaceChildren(this.textInput, this.modelSelect, this.storyboardSelect, this.rangeSelect, this.count);
    filters.setAttribute('role', 'search');
    filters.setAttribute('aria-label', s.galleryFilters);
    this.textInput.addEventListener('input', () => this.setFilter({ text: this.textInput.value }));
    this.modelSelect.addEventListener('change', () => this.setFilter({ model: this.modelSelect.value }));
    this.storyboardSelect.addEventListener('change', () => this.setFilter({ storyboard: this.storyboardSelect.value }));
    this.rangeSelect.addEventListener('change', () => this.setFilter({ range: this.rangeSelect.value as DateRange }));
    this.list.addEventListener('keydown', (event) => this.onKey(event));
  }

  update(items: HistoryItem[]): void {
    performance.mark('video-gen-gallery-update');
    this.items = items;
    this.forgetPostersOfGoneTakes();
    this.fillMenus();
    this.render();
    // Two frames later the tiles have been painted once.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        try {
          performance.measure(GALLERY_PAINT_MEASURE, 'video-gen-gallery-update');
        } catch {
          // the mark was cleared: nothing to measure
        }
      }),
    );
  }

  private forgetPostersOfGoneTakes(): void {
    const keep = new Set(this.items.map(posterKey));
    for (const key of this.drawn.keys()) if (!keep.has(key)) this.drawn.delete(key);
  }

  private setFilter(change: Partial<GalleryFilter>): void {
    this.filter = { ...this.filter, ...change };
    this.hooks.filtered(this.filter);
    this.focusIndex = 0;
    this.render();
  }

  private fillMenus(): void {
    const s = this.strings;
    const choices = filterChoices(this.items);
    const keep = (select: HTMLSelectElement, options: Array<{ value: string; text: string }>, wanted: string): string => {
      const value = options.some((o) => o.value === wanted) ? wanted : '';
      select.replaceChildren(...options.map((o) => el('option', { text: o.text, attrs: { value: o.value } })));
      select.value = value;
      return value;
    };
    const model = keep(
      this.modelSelect,
      [{ value: '', text: s.galleryAllModels }, ...choices.models.map((m) => ({ value: m.id, text: `${m.label} (${m.count})` }))],
      this.filter.model,
    );
    const storyboardOptions = [
      { value: '', text: s.galleryAllStoryboards },
      ...choices.storyboards.map((b) => ({ value: b.path, text: `${b.path} (${b.count})` })),
    ];
    if (choices.storyboards.length && choices.loose)
      storyboardOptions.push({ value: NO_STORYBOARD, text: `${s.galleryNoStoryboard} (${choices.loose})` });
    const storyboard = keep(this.storyboardSelect, storyboardOptions, this.filter.storyboard);
    this.storyboardSelect.hidden = choices.storyboards.length === 0;
    this.filter = { ...this.filter, model, storyboard };
  }

  private render(): void {
    const s = this.strings;
    this.shown = filterTakes(this.items, this.filter);
    this.count.textContent = fill(s.galleryCount, this.shown.length, this.items.length);
    this.observer.disconnect();
    this.posterQueue.length = 0;
    const hadFocus = this.list.contains(document.activeElement);
    if (this.items.length === 0) {
      this.list.replaceChildren(el('li', { className: 'empty', text: s.historyEmpty }));
      return;
    }
    if (this.shown.length === 0) {
      this.list.replaceChildren(el('li', { className: 'empty', text: s.galleryNoMatch }));
      return;
    }
    this.focusIndex = Math.min(this.focusIndex, this.shown.length - 1);
    const tiles = this.shown.map((item, index) => this.tile(item, index === this.focusIndex));
    this.list.replaceChildren(...tiles);
    for (const tile of tiles) this.observer.observe(tile);
    if (hadFocus) this.focusTile(this.focusIndex);
  }

  private tile(item: HistoryItem, focusable: boolean): HTMLLIElement {
    const s = this.strings;
    const name = excerpt(item.prompt, PROMPT_SHOWN);
    const meta = [item.modelLabel];
    if (item.duration !== null) meta.push(fill(s.seconds, Math.round(item.duration * 10) / 10));
    meta.push(formatDateTime(item.savedAt));
    const poster = el('div', { className: 'gallery-poster', attrs: { 'aria-hidden': 'true' } });
    if (item.src) poster.dataset.src = `${item.src}#t=${posterTime(item.duration)}`;
    poster.dataset.key = posterKey(item);
    const drawn = this.drawn.get(poster.dataset.key);
    if (drawn) poster.replaceChildren(drawn);
    const play = el(
      'button',
      {
        className: 'gallery-play',
        attrs: {
          type: 'button',
          tabindex: focusable ? '0' : '-1',
          'aria-label': fill(s.galleryTile, name, meta.join(', ')),
          title: item.prompt,
        },
      },
      poster,
      el('span', { className: 'history-prompt gallery-prompt', text: name }),
    );
    play.addEventListener('click', () => this.hooks.play(item.id));
    play.addEventListener('focus', () => (this.focusIndex = this.shown.indexOf(item)));
    const lines = [el('span', { className: 'history-meta', text: meta.join(' · ') })];
    if (item.storyboard)
      lines.push(el('span', { className: 'history-meta', text: fill(s.galleryShot, item.storyboard.path, item.storyboard.shotId) }));
    if (item.derivedFrom) lines.push(el('span', { className: 'history-meta', text: fill(s.galleryFrom, item.derivedFrom) }));
    const actions = el('div', { className: 'history-actions' });
    if (item.request) {
      const request = item.request;
      actions.append(button(s.reuse, 'secondary small', () => this.hooks.reuse(request), fill(s.reuseLabel, name)));
    }
    actions.append(button(s.discard, 'secondary small', () => this.hooks.discard(item.id), fill(s.discardLabel, name)));
    // One tile at a time is in the tab order: its poster and, after it, its actions.
    for (const b of actions.querySelectorAll('button')) b.tabIndex = focusable ? 0 : -1;
    return el(
      'li',
      { className: 'history-item gallery-tile', attrs: { 'data-id': item.id } },
      play,
      el('div', { className: 'history-text' }, ...lines),
      actions,
    );
  }

  private loadPosters(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const poster = entry.target.querySelector<HTMLElement>('.gallery-poster');
      this.observer.unobserve(entry.target);
      if (poster?.dataset.src && !poster.firstChild) this.posterQueue.push(poster);
    }
    this.pumpPosters();
  }

  /**
   * A few posters at a time, each drawn into a canvas once its frame is there and its <video>
   * let go: a <video> kept on the page holds a connection open, and enough of them would starve
   * the player's own video of connections to the webview's resource server.
   */
  private pumpPosters(): void {
    while (this.posterLoads < POSTERS_AT_ONCE && this.posterQueue.length) {
      const poster = this.posterQueue.shift()!;
      if (!poster.isConnected || poster.firstChild) continue;
      this.posterLoads++;
      void capturePoster(poster).finally(() => {
        const canvas = poster.querySelector('canvas');
        if (canvas && poster.dataset.key) this.drawn.set(poster.dataset.key, canvas);
        this.posterLoads--;
        this.pumpPosters();
      });
    }
  }

  private onKey(event: KeyboardEvent): void {
    const tiles = [...this.list.querySelectorAll<HTMLButtonElement>('.gallery-play')];
    const current = tiles.indexOf(document.activeElement as HTMLButtonElement);
    if (current < 0) return;
    if (event.key === 'Delete' || (event.key === 'Backspace' && event.metaKey)) {
      event.preventDefault();
      const item = this.shown[current];
      if (item) this.hooks.discard(item.id);
      return;
    }
    const next = gridStep(current, event.key, tiles.length, this.columns(tiles));
    if (next === undefined) return;
    event.preventDefault();
    this.focusTile(next);
  }

  /** Tiles per row, read from the layout (the first row's tiles share a top). */
  private columns(tiles: HTMLElement[]): number {
    const top = tiles[0]?.closest('li')?.offsetTop;
    const inRow = tiles.filter((t) => t.closest('li')?.offsetTop === top).length;
    return Math.max(1, inRow);
  }

  private focusTile(index: number): void {
    const tiles = [...this.list.querySelectorAll<HTMLButtonElement>('.gallery-play')];
    tiles.forEach((t, i) => {
      const tabIndex = i === index ? 0 : -1;
      t.tabIndex = tabIndex;
      for (const b of t.closest('li')?.querySelectorAll<HTMLButtonElement>('.history-actions button') ?? []) b.tabIndex = tabIndex;
    });
    this.focusIndex = index;
    tiles[index]?.focus();
    tiles[index]?.scrollIntoView({ block: 'nearest' });
  }
}

/** A take's poster stays valid while its clip, its file and its save time are the same. */
function posterKey(item: HistoryItem): string {
  return JSON.stringify([item.id, item.src, item.savedAt]);
}

/** Loads the clip at the poster's media fragment, draws that frame into a canvas, and lets the clip go. */
function capturePoster(poster: HTMLElement): Promise<void> {
  return new Promise((resolve) => {
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    video.playsInline = true;
    const done = (): void => {
      clearTimeout(timer);
      releaseVideo(video);
      resolve();
    };
    video.addEventListener(
      'loadeddata',
      () => {
        // The fragment's frame may arrive a moment after the first one.
        const draw = (): void => {
          try {
            const scale = Math.min(1, POSTER_WIDTH / Math.max(1, video.videoWidth));
            const canvas = document.createElement('canvas');
            canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
            canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
            canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
            canvas.dataset.time = String(video.currentTime);
            poster.replaceChildren(canvas);
          } catch {
            // a frame that cannot be drawn leaves the box empty
          }
          done();
        };
        if (video.seeking) video.addEventListener('seeked', draw, { once: true });
        else draw();
      },
      { once: true },
    );
    video.addEventListener('error', done, { once: true });
    const timer = setTimeout(done, POSTER_TIMEOUT_MS);
    video.src = poster.dataset.src!;
  });
}
