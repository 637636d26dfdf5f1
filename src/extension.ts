// activate(): register the contributions, nothing else. This file is the whole of dist/extension.js
// (a few KB): it imports nothing but `vscode` and types. The HTTP client, zod, the services and
// the real handlers are in dist/core.js (src/core.ts), required on first use: a command, the
// tree's items, a panel to revive, the language-model tool, the API below) or, at the latest, as
// soon as activation is over (for the status bar item and the interrupted-job report, and because
// whatever activated the extension almost always needs it next: loading it while VS Code passes
// the news of the activation on and sends the command overlaps the two).
import * as vscode from 'vscode';
import type * as CoreModule from './core';
import type { Core } from './core';
import type { HistoryEntry } from './history/historyStore';
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
}

/** The contributed language-model tool (package.json `languageModelTools`). */
const TOOL_NAME = 'videoGen_generateVideo';
/** The webview panel's type (package.json activation event `onWebviewPanel:`). */
const PANEL_VIEW_TYPE = 'videoGen.panel';
/** The one command that needs nothing from the core. */
const SHOW_LOG = 'videoGen.showLog';

let core: Core | undefined;

/** The tree view exists from activation; its items come from the core's provider, loaded on the first request. */
class TreeForwarder<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private target: vscode.TreeDataProvider<T> | undefined;
  private subscription: vscode.Disposable | undefined;
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly load: () => unknown) {}

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
    if (!this.target) throw new Error('Video Gen: the history view has no provider');
    return this.target;
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}

export function activate(context: vscode.ExtensionContext): VideoGenApi {
  const activatedAt = Date.now();
  core = undefined;
  const log = vscode.window.createOutputChannel('Video Gen', { log: true });
  const tree = new TreeForwarder<HistoryEntry>(() => loadCore());
  let revive: PanelReviver | undefined;

  // Stand-ins for the contributed commands: the first call loads the core, which registers the
  // real ones in their place, and runs the real one with the same arguments.
  const manifest = context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } };
  const standIns = new Map<string, vscode.Disposable>();
  for (const { command } of manifest.contributes?.commands ?? []) {
    if (command === SHOW_LOG) continue;
    standIns.set(
      command,
      vscode.commands.registerCommand(command, (...args: unknown[]) => {
        loadCore();
        return vscode.commands.executeCommand(command, ...args);
      }),
    );
  }

  let loading = false;
  let failure: unknown;
  /** Loads and starts the core once; a failure is logged and is then every use's answer. */
  function loadCore(): Core {
    if (core) return core;
    if (failure !== undefined) throw failure;
    if (loading) throw new Error('Video Gen: the core is still starting');
    loading = true;
    try {
      const started = performance.now();
      // A separate bundle next to this one (dist/core.js; out/src/core.js in the test build).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('./core') as typeof CoreModule;
      for (const d of standIns.values()) d.dispose();
      standIns.clear();
      core = mod.startCore({
        context,
        log,
        activatedAt,
        showTree: (provider) => {
          tree.attach(provider);
          return view;
        },
        serveReviver: (r) => {
          revive = r;
          return { dispose: () => (revive = undefined) };
        },
      });
      log.info(`Core loaded in ${Math.round(performance.now() - started)} ms`);
      return core;
    } catch (err) {
      failure = err;
      log.error(`Could not load the extension's core: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      throw err;
    } finally {
      loading = false;
    }
  }

  const view = vscode.window.createTreeView('videoGen.history', { treeDataProvider: tree });
  // After activate() has returned: not part of the activation.
  const preload = setImmediate(() => {
    try {
      loadCore();
    } catch {
      // logged; each use reports it
    }
  });

  context.subscriptions.push(
    log,
    tree,
    view,
    { dispose: () => clearImmediate(preload) },
    { dispose: () => standIns.forEach((d) => d.dispose()) },
    vscode.commands.registerCommand('videoGen.showLog', () => log.show()),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        loadCore();
        revive?.(panel, state);
      },
    }),
    vscode.lm.registerTool<GenerateVideoToolInput>(TOOL_NAME, {
      prepareInvocation: (options) => loadCore().tool.prepareInvocation(options),
      invoke: (options, token) => loadCore().tool.invoke(options, token),
    }),
  );

  return {
    apiKeyHint: () => loadCore().keys.hint(),
    runningJobs: () => core?.jobs.running.length ?? 0,
    generationsCountedToday: () => loadCore().jobs.generationsCountedToday,
  };
}

/**
 * Closing or reloading the window, or disabling the extension, aborts running generations cleanly
 * (connections closed, temporary files removed) and keeps them in the journal for the next start.
 * Without the core loaded, nothing runs.
 */
export function deactivate(): Promise<void> | undefined {
  return core?.jobs.shutdown();
}
