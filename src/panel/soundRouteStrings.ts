// The localized words of the sound's route, for the panel's page and the player editor's page.
import * as vscode from 'vscode';
import type { SoundRouteStrings } from '../shared/soundRouteStrings';

export function soundRouteStrings(): SoundRouteStrings {
  return {
    audioRouteChecking: vscode.l10n.t('Sound: checking whether this player can play the AAC track…'),
    audioRouteNative: vscode.l10n.t("Sound: played by VS Code's own player."),
    audioRouteDecoded: vscode.l10n.t("Sound: decoded by Video Gen (FFmpeg's AAC decoder, WebAssembly) and played in sync with the video."),
    audioRouteSilent: vscode.l10n.t('Sound: silent ({0}).'),
    audioReasonNoTrack: vscode.l10n.t('the AAC track could not be read: {0}'),
    audioReasonNoDecoder: vscode.l10n.t('the AAC decoder module media/aac/aac-decoder.wasm is missing'),
    audioReasonNoWebAudio: vscode.l10n.t('this player has no Web Audio'),
    audioReasonDecodeFailed: vscode.l10n.t('the AAC decoder failed: {0}'),
  };
}
