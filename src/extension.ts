// activate(): build the services and register the contributions; nothing heavy happens here.
import * as vscode from 'vscode';
import { registerApiKeyCommands } from './commands/apiKeyCommands';
import { askAndStoreKey } from './commands/apiKeyCommands';
import { registerGenerateCommands } from './commands/generateCommands';
import { CatalogService } from './generation/catalogService';
import { JobJournal, STALE_AFTER_MS } from './generation/jobJournal';
import { JobManager } from './generation/jobManager';
import { reportInterruptedJobs } from './generation/interruptedJobs';
import { HistoryStore } from './history/historyStore';
import { registerVideoPanel } from './panel';
import { ApiKeyStore } from './secrets/apiKeyStore';
import { asVideoGenError, presentError } from './ui/errorPresenter';
import { JobStatusBar, pickJobToCancel } from './ui/jobStatusBar';
import { registerHistoryView } from './views';
import { registerGenerateVideoTool } from './tools/generateVideoTool';
import { plainText } from './shared/plainText';

/** What the extension offers other extensions (and its own integration tests). Never the key. */
export interface VideoGenApi {
  /** `…abcd` when a key is stored, undefined otherwise. */
  apiKeyHint(): Promise<string | undefined>;
  /** Number of generations running now. */
  runningJobs(): number;
  /** Generations the daily limit counts now: saved or possibly billed today, and those running. */
  generationsCountedToday(): number;
}

let jobsForDeactivate: JobManager | undefined;

export function activate(context: vscode.ExtensionContext): VideoGenApi {
  const log = vscode.window.createOutputChannel('Video Gen', { log: true });
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const userAgent = `video-gen-vscode/${version} (VS Code ${vscode.version}; ${process.platform})`;
  const keys = new ApiKeyStore(context.secrets);
  const catalog = new CatalogService(context.globalState, keys, userAgent);
  const journal = context.globalStorageUri.scheme === 'file' ? new JobJournal(vscode.Uri.joinPath(context.globalStorageUri, 'journal').fsPath) : undefined;
  const jobs = new JobManager({ context, keys, catalog, log, userAgent, askForKey: (reason) => askAndStoreKey(keys, log, reason), journal });
  jobsForDeactivate = jobs;
  const history = new HistoryStore(jobs, log);
  const panel = registerVideoPanel(context, { jobs, catalog, history, log });

  context.subscriptions.push(
    log,
    catalog,
    jobs,
    history,
    new JobStatusBar(jobs),
    registerHistoryView(context, { history, panel, log }),
    registerGenerateVideoTool(jobs, catalog),
    ...registerApiKeyCommands(keys, log),
    ...registerGenerateCommands({ jobs, catalog, keys, log, showOutcome: (outcome) => panel.showOutcome(outcome) }),
    vscode.commands.registerCommand('videoGen.showLog', () => log.show()),
    vscode.commands.registerCommand('videoGen.showRunning', () => pickJobToCancel(jobs)),
    vscode.commands.registerCommand('videoGen.cancelAll', () => jobs.cancelAll()),
    vscode.commands.registerCommand('videoGen.refreshModels', async () => {
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
    }),
  );

  // Generations cut off last time (reload, crash, shutdown) may have been billed: say so, off the
  // activation path.
  // A job of a window that crashed is only known to be dead once its heartbeat is stale, so look
  // again after that; each job is reported once per window.
  if (journal) {
    const reported = new Set<string>();
    const look = (): void => void reportInterruptedJobs(journal, log, reported);
    const timers = [setTimeout(look, 1500), setTimeout(look, STALE_AFTER_MS + 5000)];
    context.subscriptions.push({ dispose: () => timers.forEach(clearTimeout) });
  }

  return {
    apiKeyHint: () => keys.hint(),
    runningJobs: () => jobs.running.length,
    generationsCountedToday: () => jobs.generationsCountedToday,
  };
}

/**
 * Closing or reloading the window, or disabling the extension, aborts running generations cleanly
 * (connections closed, temporary files removed) and keeps them in the journal for the next start.
 */
export function deactivate(): Promise<void> | undefined {
  return jobsForDeactivate?.shutdown();
}
