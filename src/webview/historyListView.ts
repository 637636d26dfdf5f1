// The workspace's generated videos in the panel: newest first, each playable and reusable. The
// full list is in the "Generated Videos" tree; the panel shows the latest few.
import { button, el } from './dom';
import { excerpt, formatDateTime } from '../shared/format';
import type { FormValues, HistoryItem } from '../shared/protocol';
import { fill, type PanelStrings } from '../shared/strings';

export interface HistoryHooks {
  play(id: string): void;
  reuse(request: FormValues): void;
  openTree(): void;
}

const SHOWN = 12;

export class HistoryListView {
  constructor(
    private readonly list: HTMLUListElement,
    private readonly strings: PanelStrings,
    private readonly hooks: HistoryHooks,
  ) {}

  update(items: HistoryItem[]): void {
    const s = this.strings;
    if (items.length === 0) {
      this.list.replaceChildren(el('li', { className: 'empty', text: s.historyEmpty }));
      return;
    }
    const rows = items.slice(0, SHOWN).map((item) => {
      const meta = [item.modelLabel];
      if (item.duration !== null) meta.push(fill(s.seconds, Math.round(item.duration * 10) / 10));
      if (item.width && item.height) meta.push(`${item.width}×${item.height}`);
      meta.push(formatDateTime(item.savedAt));
      const name = excerpt(item.prompt, 40);
      const actions = el(
        'div',
        { className: 'history-actions' },
        button(s.play, 'secondary small', () => this.hooks.play(item.id), fill(s.playLabel, name)),
      );
      if (item.request) {
        const request = item.request;
        actions.append(button(s.reuse, 'secondary small', () => this.hooks.reuse(request), fill(s.reuseLabel, name)));
      }
      return el(
        'li',
        { className: 'history-item', attrs: { 'data-id': item.id } },
        el(
          'div',
          { className: 'history-text' },
          el('span', { className: 'history-prompt', text: excerpt(item.prompt, 90) }),
          el('span', { className: 'history-meta', text: meta.join(' · ') }),
        ),
        actions,
      );
    });
    if (items.length > SHOWN) {
      rows.push(
        el(
          'li',
          { className: 'history-more' },
          button(fill(s.historyMore, items.length - SHOWN), 'link', () => this.hooks.openTree()),
        ),
      );
    }
    // The list is rebuilt after each generation: give the focus back to the same button.
    const focused = document.activeElement;
    const focusedRow = focused instanceof HTMLElement && this.list.contains(focused) ? focused.closest('li') : null;
    const focusedId = focusedRow?.getAttribute('data-id');
    const focusedIndex = focusedRow ? [...focusedRow.querySelectorAll('button')].indexOf(focused as HTMLButtonElement) : -1;
    this.list.replaceChildren(...rows);
    if (focusedId) {
      const row = rows.find((r) => r.getAttribute('data-id') === focusedId);
      row?.querySelectorAll('button')[Math.max(0, focusedIndex)]?.focus();
    }
  }
}
