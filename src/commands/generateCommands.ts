// "Generate Video…" (pickers, or an argument object for automation) and "Generate Video from
// Selection". Both run through the JobManager; failures get the message and action that fixes them.
import * as vscode from 'vscode';
import { VideoGenError } from '../api/errors';
import { clampToModel, startingChoice, type GenerationRequest } from '../catalog';
import { readSettings, settingsLayer } from '../config/settings';
import type { CatalogService } from '../generation/catalogService';
import { checkRequest } from '../generation/job';
import type { GenerationOutcome, JobManager, SavedVideoInfo } from '../generation/jobManager';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { asVideoGenError, presentError, type ErrorAction } from '../ui/errorPresenter';
import { runGenerateWizard, type WizardDefaults } from '../ui/generateWizard';
import { askAndStoreKey } from './apiKeyCommands';
import { plainText } from '../shared/plainText';

/** What `videoGen.generate` resolves with when called with an argument object. */
export interface AutomationResult {
  /** Each saved video, with `path` (a file-system path, or the URI for non-file workspaces). */
  files: Array<SavedVideoInfo & { path: string }>;
  revisedPrompt: string | null;
  request: GenerationRequest;
  created: string;
  requestId?: string;
}

export interface GenerateDeps {
  jobs: JobManager;
  catalog: CatalogService;
  keys: ApiKeyStore;
  log: vscode.LogOutputChannel;
  /** Plays a finished generation in the panel. */
  showOutcome(outcome: GenerationOutcome): Promise<void>;
}

/** A caller's CancellationToken or AbortSignal as an AbortSignal (aborted already if it was). */
function signalFrom(cancel: unknown): { signal: AbortSignal; dispose(): void } | undefined {
  if (cancel instanceof AbortSignal) return { signal: cancel, dispose: () => undefined };
  const token = cancel as Partial<vscode.CancellationToken> | undefined;
  if (typeof token?.isCancellationRequested !== 'boolean' || typeof token.onCancellationRequested !== 'function') return undefined;
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}

function isAutomationArgument(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) && !Array.isArray(arg);
}

export function toAutomationResult(outcome: GenerationOutcome): AutomationResult {
  return {
    files: outcome.files.map((f) => ({ ...f, path: f.uri.scheme === 'file' ? f.uri.fsPath : f.uri.toString() })),
    revisedPrompt: outcome.revisedPrompt,
    request: outcome.request,
    created: outcome.created,
    requestId: outcome.requestId,
  };
}

function wizardDefaults(deps: GenerateDeps, prompt?: string): WizardDefaults {
  const settings = readSettings();
  const last = deps.jobs.lastChoices;
  const choice = startingChoice([{ prompt }, last, settingsLayer(settings)], settings.defaultModel, deps.catalog.current);
  return { ...choice, prompt: choice.prompt };
}

function sleepWithProgress(seconds: number): Thenable<boolean> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Video Gen: waiting {0} s before trying again (rate limit)', Math.ceil(seconds)),
      cancellable: true,
    },
    (_p, token) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), seconds * 1000);
        token.onCancellationRequested(() => {
          clearTimeout(timer);
          resolve(false);
        });
      }),
  );
}

export async function announce(outcome: GenerationOutcome, deps: GenerateDeps): Promise<void> {
  const first = outcome.files[0];
  if (!first) return;
  const where = vscode.workspace.asRelativePath(first.uri);
  const extra = outcome.files.length > 1 ? vscode.l10n.t(' (and {0} more)', outcome.files.length - 1) : '';
  const silent = first.silentInVsCode ? ' ' + vscode.l10n.t('Its AAC audio plays silently inside VS Code.') : '';
  const play = vscode.l10n.t('Play');
  const reveal = vscode.l10n.t('Reveal');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Video saved: {0}{1}.', plainText(where), extra) + silent, play, reveal)
    .then((picked) => {
      if (picked === play) void deps.showOutcome(outcome);
      if (picked === reveal) void vscode.commands.executeCommand('revealInExplorer', first.uri);
    });
}

/** Carries out the action the user picked on an error; resolves with a request to run again, if any. */
export async function followUp(
  action: ErrorAction | undefined,
  error: VideoGenError,
  request: GenerationRequest,
  deps: GenerateDeps,
): Promise<GenerationRequest | undefined> {
  switch (action?.kind) {
    case 'setKey':
      return (await askAndStoreKey(deps.keys, deps.log)) ? request : undefined;
    case 'retry':
      if (error.retryAfterSeconds && !(await sleepWithProgress(error.retryAfterSeconds))) return undefined;
      return request;
    case 'retryWith':
      return { ...request, model: action.model, ...clampToModel(request, action.model, deps.catalog.current) };
    case 'chooseModel':
      return runGenerateWizard(deps.catalog.current, { ...wizardDefaults(deps, request.prompt), model: request.model });
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', action.query);
      return undefined;
    case 'showLog':
      deps.log.show();
      return undefined;
    case 'checkConnection':
      await vscode.commands.executeCommand('videoGen.checkConnection');
      return undefined;
    default:
      return undefined;
  }
}

async function generateInteractively(deps: GenerateDeps, first: GenerationRequest): Promise<GenerationOutcome | undefined> {
  let request: GenerationRequest | undefined = first;
  while (request) {
    try {
      const outcome = await deps.jobs.start(request, { interactive: true, source: 'command' });
      void deps.showOutcome(outcome);
      void announce(outcome, deps);
      return outcome;
    } catch (err) {
      const error = asVideoGenError(err);
      request = await followUp(await presentError(error, error.suggestedModel), error, request, deps);
    }
  }
  return undefined;
}

/**
 * After a failed automation call (the caller has its rejection already): the notification's action
 * is the user's own choice, so what it asks for runs, interactively, like a generation they started.
 */
async function offerFollowUp(error: VideoGenError, arg: Record<string, unknown>, deps: GenerateDeps): Promise<void> {
  const action = await presentError(error, error.suggestedModel);
  const next = await followUp(action, error, requestForFollowUp(arg, deps), deps);
  if (next) await generateInteractively(deps, next);
}

/** The automation request as a GenerationRequest; an invalid one becomes the pickers' defaults with its prompt. */
function requestForFollowUp(arg: Record<string, unknown>, deps: GenerateDeps): GenerationRequest {
  try {
    return checkRequest(arg, deps.catalog.current).request;
  } catch {
    const defaults = wizardDefaults(deps, typeof arg.prompt === 'string' ? arg.prompt : undefined);
    return {
      prompt: defaults.prompt ?? '',
      model: defaults.model,
      quality: defaults.quality,
      duration: defaults.duration,
      ratio: defaults.ratio,
    };
  }
}

export function registerGenerateCommands(deps: GenerateDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('videoGen.generate', async (arg?: unknown, cancel?: unknown): Promise<AutomationResult | undefined> => {
      if (isAutomationArgument(arg)) {
        // Automation (tasks, keybindings, other extensions): no pickers. The premium confirmation
        // still applies when its setting is on. Failures reject with the error (its `code` set).
        // Another extension may pass a CancellationToken (or an AbortSignal) to cancel it.
        const signal = signalFrom(cancel);
        try {
          const outcome = await deps.jobs.start(arg, { interactive: false, source: 'command', signal: signal?.signal });
          void announce(outcome, deps);
          return toAutomationResult(outcome);
        } catch (err) {
          const error = asVideoGenError(err);
          if (error.code !== 'cancelled') void offerFollowUp(error, arg, deps);
          throw error;
        } finally {
          signal?.dispose();
        }
      }
      const request = await runGenerateWizard(deps.catalog.current, wizardDefaults(deps));
      if (!request) return undefined;
      const outcome = await generateInteractively(deps, request);
      return outcome && toAutomationResult(outcome);
    }),
    vscode.commands.registerCommand('videoGen.generateFromSelection', async (): Promise<AutomationResult | undefined> => {
      const editor = vscode.window.activeTextEditor;
      const text = editor
        ? editor.selections
            .map((s) => editor.document.getText(s))
            .join('\n')
            .trim()
        : '';
      if (!text) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select the text to use as the prompt first.'));
        return undefined;
      }
      const request = await runGenerateWizard(deps.catalog.current, { ...wizardDefaults(deps, text) });
      if (!request) return undefined;
      const outcome = await generateInteractively(deps, request);
      return outcome && toAutomationResult(outcome);
    }),
  ];
}
