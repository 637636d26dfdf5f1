// Answers the page's `audioTrack` request: the clip's AAC access units (demuxed here with the MP4
// probe, so the page needs no file access and no network) and the decoder module's bytes, read
// from the extension's media folder each time (a missing or replaced module is seen at once).
import * as vscode from 'vscode';
import { bufferSource, readAacPackets, readAacTrack } from '../media';
import { readSettings } from '../config/settings';
import type { AacTrackMessage, ToWebviewMessage } from '../shared/protocol';

export function decoderModuleUri(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'aac', 'aac-decoder.wasm');
}

export async function audioTrackAnswer(
  id: string,
  video: vscode.Uri,
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
): Promise<Extract<ToWebviewMessage, { type: 'audioTrack' }>> {
  const forceDecoded = readSettings(video)['player.forceDecodedAudio'];
  const [track, decoder] = await Promise.all([readTrack(video), readDecoder(extensionUri, log)]);
  const answer = { type: 'audioTrack' as const, id, forceDecoded, decoder, track: 'problem' in track ? null : track };
  return 'problem' in track ? { ...answer, problem: track.problem } : answer;
}

async function readTrack(video: vscode.Uri): Promise<AacTrackMessage | { problem: string }> {
  try {
    const source = bufferSource(await vscode.workspace.fs.readFile(video));
    const track = await readAacTrack(source);
    if (!track) return { problem: vscode.l10n.t('The clip has no AAC track.') };
    const { offsets: _offsets, timestamps: _timestamps, ...rest } = track;
    return {
      ...rest,
      audioSpecificConfig: new Uint8Array(rest.audioSpecificConfig),
      packets: new Uint8Array(await readAacPackets(source, track)),
    };
  } catch (err) {
    return { problem: vscode.l10n.t("The clip's audio could not be read: {0}", err instanceof Error ? err.message : String(err)) };
  }
}

async function readDecoder(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    return new Uint8Array(await vscode.workspace.fs.readFile(decoderModuleUri(extensionUri)));
  } catch (err) {
    log.warn(`Panel: the AAC decoder module is missing (${err instanceof Error ? err.message : String(err)})`);
    return null;
  }
}
