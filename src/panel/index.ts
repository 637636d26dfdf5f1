// The panel's public surface for activate(): the controller, the serializer that revives the panel
// after a window reload, and the commands that open it.
import * as vscode from 'vscode';
import { PanelController, type PanelDeps, type PanelPrefill, type VideoPanelController } from './panelController';
import { VIEW_TYPE, type PlayerReport } from './videoPanel';

export type { PanelDeps, PanelPrefill, VideoPanelController } from './panelController';
export type { PlayerReport } from './videoPanel';

function isPrefill(value: unknown): value is PanelPrefill {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && !Array.isArray(value);
}

/** Revives a panel VS Code restored after a window reload. */
export type PanelReviver = (panel: vscode.WebviewPanel, state: unknown) => void;

/**
 * `serveReviver`: when given, the caller registered the panel serializer already (activate() does,
 * before this code is loaded) and revives with what it gets; otherwise the serializer is registered here.
 */
export function registerVideoPanel(
  context: vscode.ExtensionContext,
  deps: PanelDeps,
  serveReviver?: (revive: PanelReviver) => vscode.Disposable,
): VideoPanelController {
  const controller = new PanelController(context.extensionUri, deps, context.globalStorageUri);
  const revive: PanelReviver = (panel, state) => controller.revive(panel, state);
  context.subscriptions.push(
    controller,
    serveReviver?.(revive) ??
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => revive(panel, state),
      }),
    // An optional argument fills the form: { prompt, model, quality, duration, ratio }, any subset.
    vscode.commands.registerCommand('videoGen.openPanel', (prefill?: unknown) => {
      controller.open(isPrefill(prefill) ? prefill : undefined);
    }),
    vscode.commands.registerCommand('videoGen.openVideo', async (target?: unknown): Promise<PlayerReport | undefined> => {
      let file = target instanceof vscode.Uri ? target : undefined;
      if (!file) {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          filters: { [vscode.l10n.t('MP4 video')]: ['mp4'] },
          title: vscode.l10n.t('Play a video in Video Gen'),
        });
        file = picked?.[0];
      }
      if (!file) return undefined;
      return controller.showVideo(file);
    }),
  );
  return controller;
}
