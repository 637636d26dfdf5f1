// The Video Gen Player editor's side panel: the clip's name, its actions, where it came from (the
// sidecar: prompt, model, settings, dates, SHA-256 and whether the file still matches it, lineage)
// and what the file itself says. Everything the server, the user or the file wrote is set as text.
import { soundRouteLine, type ShownRoute } from './audio/soundRoute';
import { button, byId, el } from './dom';
import { formatDateTime, formatFileSize, formatSecondsValue } from '../shared/format';
import type { FileFacts, HashState, PlayerAction, PlayerView, Provenance } from '../shared/playerProtocol';
import { fill, type PlayerStrings } from '../shared/playerStrings';

/** What the `<video>` element read, for files the probe could not. */
export interface BrowserFacts {
  width: number;
  height: number;
  duration: number;
}

type Row = [term: string, value: string | Node, id?: string];

function metaList(list: HTMLElement, rows: Row[]): void {
  list.replaceChildren(
    ...rows.map(([term, value, id]) => {
      const dd = el('dd', typeof value === 'string' ? { text: value } : {}, typeof value === 'string' ? null : value);
      if (id) dd.id = id;
      return el('div', { className: 'meta-row' }, el('dt', { text: term }), dd);
    }),
  );
}

export class PlayerDetails {
  private view: PlayerView | undefined;
  private hash: { state: HashState; actual: string | null } = { state: 'checking', actual: null };
  private browser: BrowserFacts | undefined;

  constructor(
    private readonly strings: PlayerStrings,
    private readonly act: (action: PlayerAction) => void,
  ) {}

  show(view: PlayerView): void {
    this.view = view;
    this.hash = { state: 'checking', actual: null };
    this.render();
  }

  setHash(state: HashState, actual: string | null): void {
    this.hash = { state, actual };
    const cell = document.getElementById('hash-state');
    if (cell) this.fillHash(cell);
  }

  setBrowserFacts(facts: BrowserFacts): void {
    this.browser = facts;
    if (this.view) this.renderFile(this.view);
  }

  /** How the clip's sound plays (nothing for a clip without AAC); the old note when it is silent. */
  showSound(route: ShownRoute | undefined): void {
    const box = byId('notice', HTMLDivElement);
    box.hidden = route === undefined;
    const note = route?.kind === 'silent' ? el('p', { text: this.strings.silentNote }) : null;
    box.replaceChildren(...(route ? [note, soundRouteLine(route, this.strings)] : []).filter((n) => n !== null));
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    byId('title', HTMLHeadingElement).textContent = view.name;
    document.title = view.name;
    this.renderActions(view);
    const section = byId('provenance-section', HTMLElement);
    section.hidden = view.provenance === null;
    byId('no-sidecar', HTMLParagraphElement).hidden = view.provenance !== null;
    if (view.provenance) this.renderProvenance(view.provenance);
    this.renderFile(view);
    this.renderWarnings(view.provenance?.warnings ?? []);
  }

  private renderActions(view: PlayerView): void {
    const s = this.strings;
    const offered: Array<[PlayerAction, string]> = [];
    if (view.canGenerateAgain) offered.push(['generateAgain', s.generateAgain]);
    if (view.canPromote) offered.push(['promoteToFinal', s.promoteToFinal]);
    offered.push(['reveal', s.reveal], ['copyPath', s.copyPath]);
    const buttons = offered.map(([action, label]) => {
      const b = button(label, 'secondary', () => this.act(action));
      b.dataset.action = action;
      return b;
    });
    byId('actions', HTMLDivElement).replaceChildren(...buttons);
  }

  private renderProvenance(p: Provenance): void {
    const s = this.strings;
    const rows: Row[] = [[s.prompt, p.prompt]];
    if (p.revisedPrompt) rows.push([s.revisedPrompt, p.revisedPrompt]);
    rows.push([s.model, p.model === p.modelId ? p.model : `${p.model} (${p.modelId})`], [s.settings, p.settings]);
    rows.push([s.created, formatDateTime(p.created)], [s.savedAt, formatDateTime(p.savedAt)]);
    const hash = el('span', { className: 'hash-state', attrs: { id: 'hash-state' } });
    this.fillHash(hash);
    rows.push([s.sha256, el('span', {}, el('code', { className: 'hash', text: p.sha256 }), el('br'), hash)]);
    if (p.storyboard) {
      const link = button(`${p.storyboard.path} · ${p.storyboard.shotId}`, 'link', () => this.act('openStoryboard'), s.openStoryboard);
      rows.push([s.storyboard, link]);
    }
    if (p.derivedFrom) {
      const value = p.derivedFrom.exists
        ? button(p.derivedFrom.path, 'link derived-from', () => this.act('openDerivedFrom'), `${s.openDraft}: ${p.derivedFrom.path}`)
        : el('span', { text: `${p.derivedFrom.path} ${s.derivedFromMissing}` });
      rows.push([s.derivedFrom, value]);
    }
    metaList(byId('provenance', HTMLElement), rows);
  }

  private fillHash(cell: HTMLElement): void {
    const s = this.strings;
    const { state, actual } = this.hash;
    cell.dataset.state = state;
    cell.className = `hash-state ${state}`;
    const text: Record<HashState, string> = {
      checking: s.hashChecking,
      matches: s.hashMatches,
      differs: fill(s.hashDiffers, actual ?? '?'),
      failed: s.hashFailed,
    };
    cell.textContent = text[state];
    if (state === 'differs') cell.setAttribute('role', 'alert');
    else cell.removeAttribute('role');
  }

  private renderFile(view: PlayerView): void {
    const s = this.strings;
    const f: FileFacts = view.file;
    const b = this.browser;
    const rows: Row[] = [];
    if (f.width && f.height) rows.push([s.resolution, `${f.width} × ${f.height}`]);
    else if (b?.width) rows.push([s.resolution, fill(s.readByBrowser, `${b.width} × ${b.height}`)]);
    if (f.durationSeconds) rows.push([s.duration, fill(s.seconds, formatSecondsValue(f.durationSeconds))]);
    else if (b && Number.isFinite(b.duration) && b.duration > 0)
      rows.push([s.duration, fill(s.readByBrowser, fill(s.seconds, formatSecondsValue(b.duration)))]);
    if (view.frameRate) rows.push([s.frameRate, fill(s.fps, view.frameRate)]);
    if (f.videoCodec) rows.push([s.videoCodec, f.videoCodec]);
    if (f.unreadable === null) rows.push([s.audioCodec, f.audioCodec ?? s.noAudio]);
    if (f.bytes !== null) rows.push([s.size, formatFileSize(f.bytes)]);
    rows.push([s.path, view.path]);
    if (f.unreadable) rows.push(['', fill(s.unreadable, f.unreadable), 'file-unreadable']);
    metaList(byId('file-facts', HTMLElement), rows);
  }

  private renderWarnings(warnings: string[]): void {
    const box = byId('warnings', HTMLDivElement);
    box.hidden = warnings.length === 0;
    box.replaceChildren(el('h2', { text: this.strings.warnings }), el('ul', {}, ...warnings.map((w) => el('li', { text: w }))));
  }
}
