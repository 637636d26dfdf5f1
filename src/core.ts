// The extension's working part, in its own bundle (dist/core.js) that activate() does not load:
// it is required on first use (a command, the tree's items, a panel to revive, the language-model
// tool, the API) or, at the latest, right after activation (for the status bar and the journal).
// It builds the services and registers the real command handlers; the contributions activate()
// registered (tree view, panel serializer, tool) hand over to what it returns or attaches.
import { hostProxyResolver, setHostProxyResolver, vscodeProxyResolver } from './api/hostProxy';
import * as vscode from 'vscode';
import { askAndStoreKey, registerApiKeyCommands } from './commands/apiKeyCommands';
import { registerCompareCommands } from './commands/compareCommands';
import { registerCheckConnection } from './commands/connectionCommand';
import { registerGenerateCommands } from './commands/generateCommands';
import { registerGenerateAllCommand } from './commands/generateAllCommand';
import { CatalogService } from './generation/catalogService';
import { JobJournal, STALE_AFTER_MS } from './generation/jobJournal';
import { JobManager } from './generation/jobManager';
import { billingJudge, reportInterruptedJobs, type BillingJudge } from './generation/interruptedJobs';
import { HistoryStore } from './history/historyStore';
import { registerVideoPanel, type PanelReviver } from './panel';
import { ApiKeyStore } from './secrets/apiKeyStore';
import { asVideoGenError, presentError, userMessage } from './ui/errorPresenter';
import { JobStatusBar, pickJobToCancel } from './ui/jobStatusBar';
import { registerHistoryView, type HistoryNode } from './views';
import { registerVideoDecorations } from './explorer/videoDecorations';
import { registerUsageView, type UsageNode } from './views/usageTree';
import { UsageService } from './generation/usageService';
import { ProviderSpend } from './generation/providerSpend';
import { GenerateVideoTool } from './tools/generateVideoTool';
import { plainText } from './shared/plainText';
import { StoryboardChecker } from './storyboard/storyboardDiagnostics';
import { registerStoryboard } from './storyboard/registerStoryboard';
import { createPlayerEditors, type PlayerEditors } from './player';

/** What activate() hands the core: the context, its log, and the contributions it registered. */
export interface CoreHost {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** When activate() ran (`Date.now()`): the journal is looked at on the same schedule as before the split. */
  activatedAt: number;
  /** Gives the "Generated Videos" tree view activate() created its items and its drag controller; returns that view. */
  showTree(
    provider: vscode.TreeDataProvider<HistoryNode>,
    drag: vscode.TreeDragAndDropController<HistoryNode>,
  ): vscode.TreeView<HistoryNode>;
  /** Gives the "Usage & Spend" tree view activate() created its items; returns that view. */
  showUsageTree(provider: vscode.TreeDataProvider<UsageNode>): vscode.TreeView<UsageNode>;
  /** The panel serializer activate() registered revives panels with `revive` from now on. */
  serveReviver(revive: PanelReviver): vscode.Disposable;
}

export interface Core {
  keys: ApiKeyStore;
  jobs: JobManager;
  /** What the language-model tool activate() registered does. */
  tool: GenerateVideoTool;
  /** What the Video Gen Player editor activate() registered shows. */
  player: PlayerEditors;
}

/**
 * Builds the services and registers every command but `videoGen.showLog` (activate() has
 * withdrawn its stand-ins for them just before). Everything goes into `context.subscriptions`.
 */
export function startCore(host: CoreHost): Core {
  const { context, log } = host;
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const userAgent = `video-gen-vscode/${version} (VS Code ${vscode.version}; ${process.platform})`;
  const keys = new ApiKeyStore(context.secrets);
  // The desktop's system proxy and PAC file, as VS Code resolves them for its own requests.
  setHostProxyResolver(vscodeProxyResolver(vscode.env.appRoot));
  log.info(`Proxy: VS Code's own proxy resolution is ${hostProxyResolver() ? 'used' : 'not available'} when no proxy is set.`);
  const catalog = new CatalogService(context.globalState, keys, userAgent);
  const journal =
    context.globalStorageUri.scheme === 'file'
      ? new JobJournal(vscode.Uri.joinPath(context.globalStorageUri, 'journal').fsPath)
      : undefined;
  const providerSpend = new ProviderSpend(context.globalState);
  const jobs = new JobManager({
    context,
    providerSpend,
    keys,
    catalog,
    log,
    userAgent,
    askForKey: (reason) => askAndStoreKey(keys, log, reason),
    journal,
  });
  const history = new HistoryStore(jobs, log);
  const usage = new UsageService({
    keys,
    onDidFinishGeneration: jobs.onDidFinish,
    secrets: context.secrets,
    log,
    userAgent,
    providerSpend,
  });
  const panel = registerVideoPanel(context, { jobs, catalog, history, log }, host.serveReviver);
  const player = createPlayerEditors(context.extensionUri, log, () => catalog.current);

  context.subscriptions.push(
    catalog,
    jobs,
    player,
    history,
    usage,
    new JobStatusBar(jobs, usage),
    jobs.onDidFindBillingOfCancel(({ error }) => void vscode.window.showWarningMessage(userMessage(error))),
    registerHistoryView(context, { history, panel, log, showTree: host.showTree }),
    registerVideoDecorations(history),
    registerUsageView({ usage, jobs, catalog: () => catalog.current, showTree: host.showUsageTree }),
    ...registerApiKeyCommands(keys, log),
    ...registerGenerateCommands({ jobs, catalog, keys, log, showOutcome: (outcome) => panel.showOutcome(outcome) }),
    vscode.commands.registerCommand('videoGen.showRunning', () => pickJobToCancel(jobs)),
    vscode.commands.registerCommand('videoGen.cancelAll', () => jobs.cancelAll()),
    registerGenerateAllCommand({ jobs, catalog, history, keys, log }),
    registerRefreshModels(catalog),
    registerStoryboard({
      checker: new StoryboardChecker(catalog),
      catalog,
      jobs,
      keys,
      log,
      history,
      panel,
      extensionUri: context.extensionUri,
    }),
    registerCheckConnection(keys, log, userAgent),
    ...registerCompareCommands({ jobs, catalog, history, context, log, panel }),
  );

  if (journal) context.subscriptions.push(scheduleInterruptedJobReports(journal, log, host.activatedAt, billingJudge(keys, userAgent)));

  return { keys, jobs, tool: new GenerateVideoTool(jobs, catalog), player };
}

/** "Refresh Models from the API": asks /models, says what changed, and resolves with the ids. */
function registerRefreshModels(catalog: CatalogService): vscode.Disposable {
  return vscode.commands.registerCommand('videoGen.refreshModels', async () => {
    try {
      const refreshed = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Video Gen: fetching the model list'), cancellable: true },
        (_p, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return catalog.refresh(controller.signal);
        },
      );
      const available = refreshed.models.filter((m) => m.available);
      const gone = refreshed.models.filter((m) => !m.available).map((m) => m.label);
      const goneText = gone.length ? ' ' + vscode.l10n.t('Not offered to your key any more: {0}.', plainText(gone.join(', '))) : '';
      void vscode.window.showInformationMessage(vscode.l10n.t('Video Gen: {0} video models available.', available.length) + goneText);
      return { available: available.map((m) => m.id), unavailable: refreshed.models.filter((m) => !m.available).map((m) => m.id) };
    } catch (err) {
      const error = asVideoGenError(err);
      void presentError(error);
      throw error;
    }
  });
}

/**
 * Generations cut off last time (reload, crash, shutdown) may have been billed: say so, 1.5 s
 * after activation (or at once if the core loaded later than that). A job of a window that crashed
 * is only known to be dead once its heartbeat is stale, so look again after that; each job is
 * reported once per window.
 */
function scheduleInterruptedJobReports(
  journal: JobJournal,
  log: vscode.LogOutputChannel,
  activatedAt: number,
  judge: BillingJudge,
): vscode.Disposable {
  const reported = new Set<string>();
  const look = (): void => void reportInterruptedJobs(journal, log, reported, judge);
  const after = (ms: number): NodeJS.Timeout => setTimeout(look, Math.max(0, activatedAt + ms - Date.now()));
  const timers = [after(1500), after(STALE_AFTER_MS + 5000)];
  return { dispose: () => timers.forEach(clearTimeout) };
}
