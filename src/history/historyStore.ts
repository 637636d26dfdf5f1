// The workspace's generated videos, read from the `.json` sidecars in each workspace folder's
// output folder. The single source for the panel's list and the tree: it re-reads when a sidecar
// or a video changes on disk and when a generation finishes, and says so through onDidChange.
import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../util/disposable';
import type { JobManager } from '../generation/jobManager';
import type { Sidecar } from '../output/sidecar';
import { outputFolders, type OutputFolder } from './outputFolders';
import { readSidecarFile } from './sidecarFiles';

export interface HistoryEntry {
  /** The sidecar's URI as a string: stable, unique, and what the panel and tree refer to. */
  readonly id: string;
  readonly videoUri: vscode.Uri;
  readonly sidecarUri: vscode.Uri;
  readonly workspaceFolder: vscode.WorkspaceFolder;
  readonly sidecar: Sidecar;
}

/** Bursts of file events (a video and its sidecar land together) become one refresh. */
const DEBOUNCE_MS = 150;
/** Sidecars read at once: enough to be quick, few enough not to flood a remote file system. */
const READ_BATCH = 16;

export class HistoryStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires after the list may have changed; call list() again. */
  readonly onDidChange = this.changed.event;
  private watchers: vscode.Disposable[] = [];
  private cached: Promise<HistoryEntry[]> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    jobs: JobManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(
      jobs.onDidFinish((event) => {
        if (event.outcome) this.invalidate();
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rewatch()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('videoGen.outputDirectory')) this.rewatch();
      }),
    );
    this._register(
      toDisposable(() => {
        clearTimeout(this.timer);
        for (const w of this.watchers) w.dispose();
      }),
    );
    this.watch();
  }

  /** Newest first. Cached until something changes. */
  list(): Promise<HistoryEntry[]> {
    this.cached ??= this.scan().catch((err: unknown) => {
      this.log.warn(`History: could not list the generated videos: ${err instanceof Error ? err.message : String(err)}`);
      this.cached = undefined;
      return [];
    });
    return this.cached;
  }

  /** Reads everything again now (the Refresh button). */
  refresh(): Promise<HistoryEntry[]> {
    this.cached = undefined;
    const listed = this.list();
    this.changed.fire();
    return listed;
  }

  async find(id: string): Promise<HistoryEntry | undefined> {
    return (await this.list()).find((e) => e.id === id);
  }

  async findByVideo(videoUri: vscode.Uri): Promise<HistoryEntry | undefined> {
    const wanted = videoUri.toString();
    return (await this.list()).find((e) => e.videoUri.toString() === wanted);
  }

  private invalidate(): void {
    this.cached = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, DEBOUNCE_MS);
  }

  private rewatch(): void {
    this.watch();
    this.invalidate();
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = outputFolders().map((out) => {
      const glob = out.relativePath ? `${out.relativePath}/*.{json,mp4}` : '*.{json,mp4}';
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(out.workspaceFolder, glob));
      const onEvent = (): void => this.invalidate();
      watcher.onDidCreate(onEvent);
      watcher.onDidChange(onEvent);
      watcher.onDidDelete(onEvent);
      return watcher;
    });
  }

  private async scan(): Promise<HistoryEntry[]> {
    const perFolder = await Promise.all(outputFolders().map((out) => this.scanFolder(out)));
    const entries = perFolder.flat();
    entries.sort((a, b) => timeOf(b.sidecar) - timeOf(a.sidecar) || a.id.localeCompare(b.id));
    return entries;
  }

  private async scanFolder(out: OutputFolder): Promise<HistoryEntry[]> {
    let listing: Array<[string, vscode.FileType]>;
    try {
      listing = await vscode.workspace.fs.readDirectory(out.uri);
    } catch (err) {
      if (err instanceof vscode.FileSystemError && (err.code === 'FileNotFound' || err.code === 'FileNotADirectory')) return [];
      throw err;
    }
    const files = new Set(listing.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => name));
    const sidecarNames = [...files].filter((name) => name.toLowerCase().endsWith('.json'));
    const entries: HistoryEntry[] = [];
    let ignored = 0;
    for (let i = 0; i < sidecarNames.length; i += READ_BATCH) {
      const batch = sidecarNames.slice(i, i + READ_BATCH);
      const read = await Promise.all(
        batch.map(async (name) => ({ name, sidecar: await readSidecarFile(vscode.Uri.joinPath(out.uri, name)) })),
      );
      for (const { name, sidecar } of read) {
        // Not ours, invalid, or its video is gone: not a playable entry.
        if (!sidecar || !files.has(sidecar.video)) {
          ignored++;
          continue;
        }
        const sidecarUri = vscode.Uri.joinPath(out.uri, name);
        entries.push({
          id: sidecarUri.toString(),
          videoUri: vscode.Uri.joinPath(out.uri, sidecar.video),
          sidecarUri,
          workspaceFolder: out.workspaceFolder,
          sidecar,
        });
      }
    }
    if (ignored)
      this.log.debug(`History: ignored ${ignored} .json file(s) in ${out.uri.toString()} that are not sidecars of a video there`);
    return entries;
  }
}

function timeOf(sidecar: Sidecar): number {
  const saved = Date.parse(sidecar.savedAt);
  if (!Number.isNaN(saved)) return saved;
  const created = Date.parse(sidecar.created);
  return Number.isNaN(created) ? 0 : created;
}
