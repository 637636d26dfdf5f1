// Everything storyboards add to VS Code, registered together: the checker (diagnostics, quick
// fixes), the editor features (completions, hover, CodeLenses) and the commands. The checker's
// one-parse-per-version cache serves them all.
import * as vscode from 'vscode';
import { registerStoryboardCommands } from '../commands/storyboardCommands';
import type { CatalogService } from '../generation/catalogService';
import type { JobManager } from '../generation/jobManager';
import type { HistoryStore } from '../history/historyStore';
import type { VideoPanelController } from '../panel';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import type { StoryboardChecker } from './storyboardDiagnostics';
import { registerStoryboardEditor } from './storyboardEditor';

export interface StoryboardDeps {
  checker: StoryboardChecker;
  catalog: CatalogService;
  jobs: JobManager;
  keys: ApiKeyStore;
  log: vscode.LogOutputChannel;
  history: HistoryStore;
  panel: VideoPanelController;
  extensionUri: vscode.Uri;
}

export function registerStoryboard(deps: StoryboardDeps): vscode.Disposable {
  const { checker, catalog, history, panel } = deps;
  return vscode.Disposable.from(
    checker,
    registerStoryboardEditor({ source: checker, catalog, history }),
    ...registerStoryboardCommands({
      ...deps,
      source: checker,
      showOutcome: (outcome) => panel.showOutcome(outcome),
      showVideo: (uri) => panel.showVideo(uri),
    }),
  );
}
