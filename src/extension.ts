// activate(): register the contributions, nothing else. This file is the whole of dist/extension.js
// (a few KB): it imports nothing but `vscode` and types. The HTTP client, zod, the services and
// the real handlers are in dist/core.js (src/core.ts), required on first use: a command, the
// tree's items, a panel to revive, a player editor to fill, the language-model tool, the API
// below) or, at the latest, as soon as activation is over (for the status bar item and the
// interrupted-job report, and because whatever activated the extension almost always needs it
// next: loading it while VS Code passes the news of the activation on and sends the command
// overlaps the two).
import * as vscode from 'vscode';
import type * as CoreModule from './core';
import type { Core } from './core';
import type { HistoryEntry } from './history/historyStore';
import type { UsageNode } from './views/usageTree';
import type { PanelReviver } from './panel';
import type { GenerateVideoToolInput } from './tools/generateVideoTool';

/** What the extension offers other extensions (and its own integration tests). Never the key. */
export interface VideoGenApi {
  /** `…abcd` when a key is stored, undefined otherwise. */
  apiKeyHint(): Promise<string | undefined>;
  /** Number of generations running now. */
  runningJobs(): number;
  /** Generations the daily limit counts now: saved or possibly billed today, and those running. */
  generationsCountedToday(): number;
  /** What the budgets count now (generations and estimated USD, today and this month, running ones included). */
  spending(): { today: { generations: number; usd: number }; thisMonth: { generations: number; usd: number } };
}

/** The contributed language-model tool (package.json `languageModelTools`). */
const TOOL_NAME = 'videoGen_generateVideo';
/** The webview panel's type (package.json activation event `onWebviewPanel:`). */
const PANEL_VIEW_TYPE = 'videoGen.panel';
/** The Video Gen Player custom editor (package.json `customEditors`). */
const PLAYER_VIEW_TYPE = 'videoGen.player';
/** The one command that needs nothing from the core. */
const SHOW_LOG = 'videoGen.showLog';

/** The tree view exists from activation; its items come from the core's provider, loaded on the first request. */
class TreeForwarder<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private target: vscode.TreeDataProvider<T> | undefined;
  private subscription: vscode.Disposable | undefined;
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly load: () => unknown,
    private readonly name: string,
  ) {}

  attach(target: vscode.TreeDataProvider<T>): void {
    this.target = target;
    this.subscription = target.onDidChangeTreeData?.((e) => this.changed.fire(e));
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.provider().getTreeItem(element);
  }

  getChildren(element?: T): vscode.ProviderResult<T[]> {
    return this.provider().getChildren(element);
  }

  private provider(): vscode.TreeDataProvider<T> {
    if (!this.target) this.load();
    if (!this.target) throw new Error(`Video Gen: the ${this.name} view has no provider`);
    return this.target;
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}

/** Loads and starts the core once, on first use; stands in for its commands until then. */
class CoreLoader implements vscode.Disposable {
  core: Core | undefined;
  /** Revives a panel after a reload; set by the core. */
  revive: PanelReviver | undefined;
  view: vscode.TreeView<HistoryEntry> | undefined;
  usageView: vscode.TreeView<UsageNode> | undefined;
  private loading = false;
  private failure: unknown;
  private readonly standIns = new Map<string, vscode.Disposable>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly activatedAt: number,
    private readonly tree: TreeForwarder<HistoryEntry>,
    private readonly usageTree: TreeForwarder<UsageNode>,
  ) {}

  /** Stand-ins for the contributed commands: the first call loads the core, which registers the
   * real ones in their place, and runs the real one with the same arguments. */
  standInFor(commands: string[]): void {
    for (const command of commands) {
      const standIn = vscode.commands.registerCommand(command, (...args: unknown[]) => {
        this.load();
        return vscode.commands.executeCommand(command, ...args);
      });
      this.standIns.set(command, standIn);
    }
  }

  /** The core; a failure to load it is logged once and is then every use's answer. */
  load(): Core {
    if (this.core) return this.core;
    if (this.failure !== undefined) throw this.failure;
    if (this.loading) throw new Error('Video Gen: the core is still starting');
    this.loading = true;
    try {
      const started = performance.now();
      // A separate bundle next to this one (dist/core.js; out/src/core.js in the test build).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('./core') as typeof CoreModule;
      this.disposeStandIns();
      this.core = mod.startCore({
        context: this.context,
        log: this.log,
        activatedAt: this.activatedAt,
        showTree: (provider) => {
          this.tree.attach(provider);
          return this.view!;
        },
        showUsageTree: (provider) => {
          this.usageTree.attach(provider);
          return this.usageView!;
        },
        serveReviver: (r) => {
          this.revive = r;
          return { dispose: () => (this.revive = undefined) };
        },
      });
      this.log.info(`Core loaded in ${Math.round(performance.now() - started)} ms`);
      return this.core;
    } catch (err) {
      this.failure = err;
      this.log.error(`Could not load the extension's core: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      throw err;
    } finally {
      this.loading = false;
    }
  }

  private disposeStandIns(): void {
    for (const d of this.standIns.values()) d.dispose();
    this.standIns.clear();
  }

  dispose(): void {
    this.disposeStandIns();
  }
}

let loader: CoreLoader | undefined;

function contributedCommands(context: vscode.ExtensionContext): string[] {
  const manifest = context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } };
  return (manifest.contributes?.commands ?? []).map((c) => c.command).filter((c) => c !== SHOW_LOG);
}

export function activate(context: vscode.ExtensionContext): VideoGenApi {
  const log = vscode.window.createOutputChannel('Video Gen', { log: true });
  const tree: TreeForwarder<HistoryEntry> = new TreeForwarder<HistoryEntry>((): Core => core.load(), 'history');
  const usageTree: TreeForwarder<UsageNode> = new TreeForwarder<UsageNode>((): Core => core.load(), 'usage');
  const core: CoreLoader = new CoreLoader(context, log, Date.now(), tree, usageTree);
  loader = core;
  core.standInFor(contributedCommands(context));
  core.view = vscode.window.createTreeView('videoGen.history', { treeDataProvider: tree });
  core.usageView = vscode.window.createTreeView('videoGen.usage', { treeDataProvider: usageTree });
  // After activate() has returned: not part of the activation.
  const preload = setImmediate(() => {
    try {
      core.load();
    } catch {
      // logged; each use reports it
    }
  });

  context.subscriptions.push(
    log,
    tree,
    core.view,
    usageTree,
    core.usageView,
    { dispose: () => clearImmediate(preload) },
    core,
    vscode.commands.registerCommand('videoGen.showLog', () => log.show()),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        core.load();
        core.revive?.(panel, state);
      },
    }),
    // Registered here, not in the core: VS Code restores open players after a reload as soon as
    // the extension activates, and each one is filled in by the core.
    vscode.window.registerCustomEditorProvider(
      PLAYER_VIEW_TYPE,
      {
        openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
        resolveCustomEditor: (document, panel) => core.load().player.resolve(document.uri, panel),
      },
      { supportsMultipleEditorsPerDocument: true },
    ),
    vscode.lm.registerTool<GenerateVideoToolInput>(TOOL_NAME, {
      prepareInvocation: (options) => core.load().tool.prepareInvocation(options),
      invoke: (options, token) => core.load().tool.invoke(options, token),
    }),
  );

  return {
    apiKeyHint: () => core.load().keys.hint(),
    runningJobs: () => core.core?.jobs.running.length ?? 0,
    generationsCountedToday: () => core.load().jobs.generationsCountedToday,
    spending: () => core.load().jobs.spending,
  };
}

/**
 * Closing or reloading the window, or disabling the extension, aborts running generations cleanly
 * (connections closed, temporary files removed) and keeps them in the journal for the next start.
 * Without the core loaded, nothing runs.
 */
export function deactivate(): Promise<void> | undefined {
  return loader?.core?.jobs.shutdown();
}
