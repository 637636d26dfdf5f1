// What a clip's own bytes say, for the player editor: resolution, duration, codecs and frame rate
// from the MP4 probe (which reads MP4 and QuickTime's ISO-style boxes, not WebM). A file the probe
// cannot read still plays; the page is told why its facts are missing.
import * as vscode from 'vscode';
import { Mp4ProbeError, probeMp4Buffer, probeMp4File, type Mp4Metadata } from '../media';
import type { FileFacts } from '../shared/playerProtocol';
import { frameRateOfMoov, readFrameRate } from './frameRate';

export interface ClipFacts {
  file: FileFacts;
  frameRate: number | null;
  silentInVsCode: boolean;
}

/** Files of another file system are read whole; bigger ones are not probed. */
const MAX_REMOTE_PROBE_BYTES = 256 * 1024 * 1024;

function unreadableFacts(reason: string, bytes: number | null): ClipFacts {
  return {
    file: { width: null, height: null, durationSeconds: null, videoCodec: null, audioCodec: null, bytes, unreadable: reason },
    frameRate: null,
    silentInVsCode: false,
  };
}

function factsOf(m: Mp4Metadata, frameRate: number | null): ClipFacts {
  return {
    file: {
      width: m.width || null,
      height: m.height || null,
      durationSeconds: m.durationSeconds || null,
      videoCodec: m.video?.codecName ?? null,
      audioCodec: m.audio?.codecName ?? null,
      bytes: m.fileSize,
      unreadable: null,
    },
    frameRate,
    silentInVsCode: m.playableInVsCode.silentInVsCode,
  };
}

function moovOf(m: Mp4Metadata): { offset: number; size: number } | undefined {
  return m.topLevelBoxes.find((b) => b.type === 'moov');
}

export async function readClipFacts(uri: vscode.Uri): Promise<ClipFacts> {
  if (/\.webm$/i.test(uri.path)) {
    return unreadableFacts(vscode.l10n.t('the MP4 probe does not read WebM files.'), await sizeOf(uri));
  }
  try {
    if (uri.scheme === 'file') {
      const m = await probeMp4File(uri.fsPath);
      return factsOf(m, await readFrameRate(uri.fsPath, moovOf(m)).catch(() => null));
    }
    const size = await sizeOf(uri);
    if (size !== null && size > MAX_REMOTE_PROBE_BYTES) return unreadableFacts(vscode.l10n.t('the file is too big to read here.'), size);
    const bytes = await vscode.workspace.fs.readFile(uri);
    const m = await probeMp4Buffer(bytes);
    const moov = moovOf(m);
    const rate = moov ? frameRateOfMoov(Buffer.from(bytes.buffer, bytes.byteOffset + moov.offset, moov.size)) : null;
    return factsOf(m, rate);
  } catch (err) {
    return unreadableFacts(probeProblem(err), await sizeOf(uri));
  }
}

/** Why the probe could not read the file, in the user's words. */
function probeProblem(err: unknown): string {
  if (!(err instanceof Mp4ProbeError)) return vscode.l10n.t('the file could not be read.');
  switch (err.code) {
    case 'empty':
      return vscode.l10n.t('the file is empty.');
    case 'not_mp4':
      return vscode.l10n.t('it is not an MP4 or QuickTime file.');
    case 'truncated':
      return vscode.l10n.t('the file is incomplete (cut short).');
    case 'corrupt':
      return vscode.l10n.t('its movie header is damaged.');
    case 'unsupported':
      return vscode.l10n.t('its movie header is too large to read.');
  }
}

async function sizeOf(uri: vscode.Uri): Promise<number | null> {
  try {
    return (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    return null;
  }
}
