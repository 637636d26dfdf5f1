// The Video Gen Player editor's public surface for the core: what resolves an editor that
// activate() registered (the provider is registered there, so VS Code can restore open players
// after a window reload before the core has loaded), and the renames it follows.
import * as vscode from 'vscode';
import type { Catalog } from '../catalog';
import { Disposable } from '../util/disposable';
import { PLAYER_VIEW_TYPE, PlayerSession } from './playerSession';

export { PLAYER_VIEW_TYPE } from './playerSession';

export interface PlayerEditors extends vscode.Disposable {
  /** Fills `panel` with the player for `uri` (VS Code's resolveCustomEditor). */
  resolve(uri: vscode.Uri, panel: vscode.WebviewPanel): void;
}

/** Renames remembered for this long: long enough for VS Code to reopen the moved editor. */
const RENAME_MEMORY_MS = 60_000;
/** A player closed this recently may have been closed by the rename it is to follow. */
const CLOSED_RECENTLY_MS = 5_000;
/** How long to wait for VS Code to put the renamed file's tab in place. */
const FOLLOW_WAIT_MS = 3_000;

class PlayerEditorRegistry extends Disposable implements PlayerEditors {
  private readonly renames = new Map<string, { from: vscode.Uri; at: number }>();
  private readonly sessions = new Set<PlayerSession>();
  /** Players closed lately: their file and where they were, to reopen one that a rename replaced. */
  private readonly closed = new Map<string, { column: vscode.ViewColumn | undefined; at: number }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly catalog: () => Catalog,
  ) {
    super();
    // VS Code moves an open editor to the new name itself (a new resolve); its sidecar keeps the old one.
    this._register(
      vscode.workspace.onDidRenameFiles((e) => {
        const now = Date.now();
        for (const [key, r] of this.renames) if (now - r.at > RENAME_MEMORY_MS) this.renames.delete(key);
        for (const f of e.files) {
          this.renames.set(f.newUri.toString(), { from: this.renamedFrom(f.oldUri) ?? f.oldUri, at: now });
          const column = this.columnOf(f.oldUri, now);
          if (column !== null) void this.follow(f.newUri, column);
        }
      }),
    );
  }

  private renamedFrom(uri: vscode.Uri): vscode.Uri | undefined {
    return this.renames.get(uri.toString())?.from;
  }

  /** Where a player of `uri` is (or was, just now); null when there is none to follow. */
  private columnOf(uri: vscode.Uri, now: number): vscode.ViewColumn | undefined | null {
    const key = uri.toString();
    const open = [...this.sessions].find((s) => s.uri.toString() === key);
    if (open) return open.column;
    const recent = this.closed.get(key);
    return recent && now - recent.at < CLOSED_RECENTLY_MS ? recent.column : null;
  }

  /**
   * VS Code moves the tab of a renamed file, but reopens it in the file type's default editor (its
   * own media preview, since this one is only an option): put the player back in that tab's place.
   */
  private async follow(uri: vscode.Uri, column: vscode.ViewColumn | undefined): Promise<void> {
    const key = uri.toString();
    const deadline = Date.now() + FOLLOW_WAIT_MS;
    while (Date.now() < deadline) {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => tabUri(t) === key);
      if (tabs.some(isPlayerTab)) return;
      const other = tabs[0];
      if (other) {
        await vscode.window.tabGroups.close(other, true);
        await vscode.commands.executeCommand('vscode.openWith', uri, PLAYER_VIEW_TYPE, other.group.viewColumn);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await vscode.commands.executeCommand('vscode.openWith', uri, PLAYER_VIEW_TYPE, column);
  }

  resolve(uri: vscode.Uri, panel: vscode.WebviewPanel): void {
    const session = new PlayerSession(uri, panel, {
      extensionUri: this.extensionUri,
      log: this.log,
      catalog: this.catalog,
      renamedFrom: (u) => this.renamedFrom(u),
    });
    this.sessions.add(session);
    panel.onDidDispose(() => {
      this.sessions.delete(session);
      this.closed.set(uri.toString(), { column: session.column, at: Date.now() });
    });
  }

  override dispose(): void {
    for (const session of this.sessions) session.dispose();
    this.sessions.clear();
    super.dispose();
  }
}

export function createPlayerEditors(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, catalog: () => Catalog): PlayerEditors {
  return new PlayerEditorRegistry(extensionUri, log, catalog);
}

function tabUri(tab: vscode.Tab): string | undefined {
  const input = tab.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri.toString();
  return undefined;
}

function isPlayerTab(tab: vscode.Tab): boolean {
  return tab.input instanceof vscode.TabInputCustom && tab.input.viewType === PLAYER_VIEW_TYPE;
}
