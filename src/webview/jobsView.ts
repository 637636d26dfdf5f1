// The running generations: phase, elapsed time, MB received, and a Cancel button each. Rows are
// kept by job id and updated in place, so a focused Cancel button survives the updates.
import { button, el } from './dom';
import { excerpt, formatElapsed, formatMegabytes } from '../shared/format';
import type { JobPhase, JobView } from '../shared/protocol';
import { fill, type PanelStringKey, type PanelStrings } from '../shared/strings';

export interface JobsHooks {
  cancel(jobId: string): void;
  announce(text: string): void;
}

const PHASE_KEYS: Record<JobPhase, PanelStringKey> = {
  starting: 'phaseStarting',
  connecting: 'phaseConnecting',
  waiting: 'phaseWaiting',
  receiving: 'phaseReceiving',
  downloading: 'phaseDownloading',
  saving: 'phaseSaving',
};

interface Row {
  item: HTMLLIElement;
  progress: HTMLSpanElement;
  cancel: HTMLButtonElement;
  job: JobView;
  /** performance.now() minus the elapsed time the extension reported: the page's own clock. */
  startedAt: number;
}

export class JobsView {
  private readonly rows = new Map<string, Row>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly section: HTMLElement,
    private readonly list: HTMLUListElement,
    private readonly strings: PanelStrings,
    private readonly hooks: JobsHooks,
  ) {
    this.timer = setInterval(() => this.tick(), 1000);
  }

  /** The newest cancellable generation started from the panel, for the form's Cancel button. */
  get latestPanelJob(): string | undefined {
    const panelJobs = [...this.rows.values()].filter((r) => r.job.fromPanel && r.job.cancellable);
    panelJobs.sort((a, b) => b.startedAt - a.startedAt);
    return panelJobs[0]?.job.id;
  }

  update(jobs: JobView[]): void {
    const now = performance.now();
    const wanted = new Set(jobs.map((j) => j.id));
    for (const [id, row] of this.rows) {
      if (!wanted.has(id)) {
        row.item.remove();
        this.rows.delete(id);
      }
    }
    for (const job of jobs) {
      let row = this.rows.get(job.id);
      if (!row) {
        row = this.createRow(job, now);
        this.rows.set(job.id, row);
        this.list.append(row.item);
      } else if (row.job.phase !== job.phase && job.fromPanel) {
        this.hooks.announce(`${job.modelLabel}: ${this.strings[PHASE_KEYS[job.phase]]}`);
      }
      row.job = job;
      row.startedAt = now - job.elapsedMs;
      row.cancel.disabled = !job.cancellable;
      this.renderProgress(row, now);
    }
    this.section.hidden = this.rows.size === 0;
  }

  private createRow(job: JobView, now: number): Row {
    const s = this.strings;
    const progress = el('span', { className: 'job-progress' });
    const cancel = button(s.cancel, 'secondary small', () => this.hooks.cancel(job.id), fill(s.cancelJob, excerpt(job.prompt, 40)));
    const bar = el('div', { className: 'progress-bar', attrs: { 'aria-hidden': 'true' } }, el('div', { className: 'progress-bar-fill' }));
    const text = el(
      'div',
      { className: 'job-text' },
      el('span', { className: 'job-prompt', text: excerpt(job.prompt, 60) }),
      el('span', {
        className: 'job-meta',
        text: fill(s.jobLine, job.modelLabel, job.duration, job.quality) + (job.fromPanel ? '' : ` · ${s.fromElsewhere}`),
      }),
      progress,
    );
    const item = el('li', { className: 'job' }, el('div', { className: 'job-main' }, text, cancel), bar);
    return { item, progress, cancel, job, startedAt: now - job.elapsedMs };
  }

  private renderProgress(row: Row, now: number): void {
    const { job } = row;
    const parts = [this.strings[PHASE_KEYS[job.phase]]];
    if (job.phase !== 'starting') parts.push(formatElapsed(now - row.startedAt));
    if (job.receivedBytes) parts.push(fill(this.strings.jobReceived, formatMegabytes(job.receivedBytes)));
    const text = parts.join(' · ');
    if (row.progress.textContent !== text) row.progress.textContent = text;
  }

  private tick(): void {
    const now = performance.now();
    for (const row of this.rows.values()) this.renderProgress(row, now);
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
