// The compare view as the extension holds it: the takes on show (by the id the page knows them by,
// the only files it may act on), what was kept, and what the tiles' buttons do: Keep marks the
// take, Discard runs videoGen.discardTake (confirmation, trash), Promote runs videoGen.promoteToFinal.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CatalogService } from '../generation/catalogService';
import type { JobManager } from '../generation/jobManager';
import { baseName, readSidecarOf } from '../history/sidecarFiles';
import type { CompareTake, CompareView, FromWebviewMessage, ToWebviewMessage } from '../shared/protocol';
import { modelLabelIn } from './videoDetailsData';
import type { VideoPanel } from './videoPanel';

export interface CompareInput {
  prompt: string;
  takes: Array<{ uri: vscode.Uri; elapsedMs?: number }>;
  missing: Array<{ label: string; reason: string }>;
}

export type CompareIntent = Extract<FromWebviewMessage, { type: 'compareModels' | 'compareAction' | 'closeCompare' }>;

export interface CompareHost {
  /** The panel's view, created and revealed when needed. */
  ensureView(): VideoPanel;
  post(message: ToWebviewMessage): void;
  log: vscode.LogOutputChannel;
}

interface Shown {
  view: CompareView;
  uris: Map<string, vscode.Uri>;
}

export class PanelCompare {
  private shown: Shown | undefined;

  constructor(
    private readonly host: CompareHost,
    private readonly deps: { jobs: JobManager; catalog: CatalogService },
  ) {}

  /** Shows a tile per take (replacing any comparison on show). */
  async show(input: CompareInput): Promise<void> {
    const view = this.host.ensureView();
    view.reveal(true);
    const uris = new Map<string, vscode.Uri>();
    const takes: CompareTake[] = [];
    for (const take of input.takes) {
      const tile = await this.tile(view, take.uri, take.elapsedMs);
      uris.set(tile.id, take.uri);
      takes.push(tile);
    }
    this.shown = { view: { id: randomUUID(), prompt: input.prompt, takes, missing: input.missing.slice(0, 16) }, uris };
    this.resend();
  }

  /** Closes the comparison (the panel closed, or a single video is shown instead). */
  close(): void {
    if (!this.shown) return;
    this.shown = undefined;
    this.host.post({ type: 'compare', compare: null });
  }

  /** The page (re)started: it shows the comparison again. */
  resend(): void {
    if (this.shown) this.host.post({ type: 'compare', compare: this.shown.view });
  }

  async handle(intent: CompareIntent): Promise<void> {
    switch (intent.type) {
      case 'compareModels': {
        const { prompt, quality, duration, ratio } = intent.request;
        await vscode.commands.executeCommand('videoGen.compareModels', { prompt, quality, duration, ratio });
        return;
      }
      case 'closeCompare':
        this.close();
        return;
      case 'compareAction':
        await this.act(intent);
        return;
    }
  }

  private async act(intent: Extract<CompareIntent, { type: 'compareAction' }>): Promise<void> {
    const shown = this.shown;
    const uri = shown?.view.id === intent.compareId ? shown.uris.get(intent.id) : undefined;
    if (!shown || !uri) {
      this.host.log.warn('Panel: asked to act on a take the compare view was not shown');
      return;
    }
    const take = shown.view.takes.find((t) => t.id === intent.id)!;
    switch (intent.action) {
      case 'keep':
        take.kept = !take.kept;
        this.resend();
        this.status(take.kept ? vscode.l10n.t('Kept: {0}', take.name) : vscode.l10n.t('No longer marked as kept: {0}', take.name));
        return;
      case 'discard': {
        const result = (await vscode.commands.executeCommand('videoGen.discardTake', uri)) as { discarded?: boolean } | undefined;
        if (!result?.discarded || this.shown !== shown) return;
        shown.view.takes = shown.view.takes.filter((t) => t.id !== intent.id);
        shown.uris.delete(intent.id);
        this.resend();
        this.status(vscode.l10n.t('Discarded: {0}', take.name));
        return;
      }
      case 'promote':
        await vscode.commands.executeCommand('videoGen.promoteToFinal', uri);
        return;
    }
  }

  private status(text: string): void {
    this.host.post({ type: 'status', text });
  }

  private async tile(view: VideoPanel, uri: vscode.Uri, elapsedMs: number | undefined): Promise<CompareTake> {
    view.allowFolder(vscode.Uri.joinPath(uri, '..'));
    const sidecar = await readSidecarOf(uri);
    const catalog = this.deps.catalog.current;
    const request = sidecar?.request;
    const model = request ? catalog.models.find((m) => m.id === request.model) : undefined;
    const cost = request && this.deps.jobs.estimate(request);
    return {
      id: uri.toString(),
      src: view
        .asWebviewUri(uri)
        .with({ query: `v=${Date.now()}` })
        .toString(),
      name: baseName(uri),
      modelLabel: request ? modelLabelIn(catalog, request.model) : vscode.l10n.t('unknown model'),
      premium: model?.premium ?? false,
      settings: request ? `${request.duration} s · ${request.quality} · ${request.ratio}` : '',
      elapsedMs: elapsedMs ?? null,
      bytes: sidecar?.bytes ?? (await sizeOf(uri)),
      estimate: cost ? vscode.l10n.t('about {0} {1} (estimate)', cost.amount.toFixed(2), cost.currency) : null,
      kept: false,
    };
  }
}

async function sizeOf(uri: vscode.Uri): Promise<number | null> {
  try {
    return (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    return null;
  }
}
