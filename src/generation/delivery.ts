// Where a generation's files go, and how they get there. A folder on the local file system is
// written directly; a folder on another file system (a virtual workspace, a save dialog's choice
// there) is staged in a temporary folder and copied in through workspace.fs. The staging folder
// is removed however the job ends: saved, failed or cancelled.
import { mkdtempSync, promises as fs } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, VideoGenError } from '../api/errors';
import type { GenerationRequest } from '../catalog';
import { readSettings } from '../config/settings';
import { summarizeMp4 } from '../media';
import { resolveOutputDirectory } from '../output/outputLocation';
import { parseSidecar } from '../output/sidecar';
import type { JobResult, SavedVideo } from './job';

/**
 * A saved video as the extension's callers see it (the command's result, the panel, the tool):
 * the SavedVideo of the job, with VS Code URIs instead of paths and its summary flattened.
 */
export interface SavedVideoInfo extends Pick<SavedVideo, 'bytes' | 'sha256' | 'warnings'> {
  uri: vscode.Uri;
  sidecarUri: vscode.Uri;
  width: number | null;
  height: number | null;
  duration: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  /** AAC audio: VS Code plays the clip without sound. */
  silentInVsCode: boolean;
}

export interface OutputTarget {
  /** The local folder the job writes into: the output folder itself, or a staging folder. */
  readonly localDir: string;
  /** The folder on another file system that the staged files are copied into. */
  readonly remoteDir?: vscode.Uri;
  /** Where the files go, for the log and the journal. */
  readonly display: string;
  /** Removes the staging folder, if there is one; safe to call more than once. */
  dispose(): Promise<void>;
}

export interface TargetChoice {
  interactive: boolean;
  /** A folder chosen beforehand (for example by the panel). */
  folder?: vscode.WorkspaceFolder;
}

const STAGING_PREFIX = 'video-gen-stage-';

function localTarget(dir: string): OutputTarget {
  return { localDir: dir, display: dir, dispose: async () => undefined };
}

function stagedTarget(remoteDir: vscode.Uri): OutputTarget {
  const localDir = mkdtempSync(join(tmpdir(), STAGING_PREFIX));
  return { localDir, remoteDir, display: remoteDir.toString(), dispose: () => fs.rm(localDir, { recursive: true, force: true }) };
}

function invalidSetting(message: string): VideoGenError {
  return new VideoGenError('invalid_settings', message, vscode.l10n.t('Fix the setting and try again; nothing was sent.'));
}

/** Decides the folder the video goes into (asking only when interactive and needed). */
export async function chooseOutputTarget(request: GenerationRequest, choice: TargetChoice): Promise<OutputTarget> {
  const folder = choice.folder ?? (await pickWorkspaceFolder(choice.interactive));
  if (!folder) return targetOutsideWorkspace(request, choice.interactive);
  const setting = readSettings(folder.uri).outputDirectory;
  if (folder.uri.scheme === 'file') {
    const location = resolveOutputDirectory(folder.uri.fsPath, setting);
    if (!location.ok) throw invalidSetting(location.message);
    return localTarget(location.dir);
  }
  // A folder on another file system: the setting is checked the same way on its path.
  const location = resolveOutputDirectory(folder.uri.path, setting, posix);
  if (!location.ok) throw invalidSetting(location.message);
  return stagedTarget(folder.uri.with({ path: location.dir }));
}

async function pickWorkspaceFolder(interactive: boolean): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  if (interactive) {
    const picked = await vscode.window.showWorkspaceFolderPick({
      placeHolder: vscode.l10n.t('Which workspace folder should the video be saved in?'),
    });
    if (!picked) throw new CancelledError();
    return picked;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) || folders[0];
}

/** No folder is open: ask where to save (interactive), or refuse. */
async function targetOutsideWorkspace(request: GenerationRequest, interactive: boolean): Promise<OutputTarget> {
  if (!interactive) {
    throw new VideoGenError(
      'no_workspace',
      vscode.l10n.t('No folder is open to save the video in.'),
      vscode.l10n.t('Open a folder, or run the command from the Command Palette to choose where to save.'),
    );
  }
  const chosen = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save the generated video'),
    filters: { [vscode.l10n.t('MP4 video')]: ['mp4'] },
    defaultUri: vscode.Uri.file(join(homedir(), `${request.prompt.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}.mp4`)),
  });
  if (!chosen) throw new CancelledError();
  const dir = vscode.Uri.joinPath(chosen, '..');
  return dir.scheme === 'file' ? localTarget(dir.fsPath) : stagedTarget(dir);
}

/**
 * Puts the job's files where the user sees them (copying staged ones into the workspace) and
 * describes them. A cancel that comes meanwhile leaves nothing, here or in the staging folder.
 */
export async function deliverFiles(result: JobResult, target: OutputTarget, signal: AbortSignal): Promise<SavedVideoInfo[]> {
  const delivered: SavedVideoInfo[] = [];
  const copied: vscode.Uri[] = [];
  for (const file of result.files) {
    const place = target.remoteDir
      ? await copyToWorkspace(file.path, file.sidecarPath, target.remoteDir)
      : { uri: vscode.Uri.file(file.path), sidecarUri: vscode.Uri.file(file.sidecarPath) };
    if (target.remoteDir) copied.push(place.uri, place.sidecarUri);
    if (signal.aborted) {
      await Promise.all(copied.map((u) => Promise.resolve(vscode.workspace.fs.delete(u)).catch(() => undefined)));
      await Promise.all(result.files.flatMap((f) => [fs.rm(f.path, { force: true }), fs.rm(f.sidecarPath, { force: true })]));
      throw new CancelledError();
    }
    delivered.push(describeSaved(file, place.uri, place.sidecarUri));
  }
  return delivered;
}

function describeSaved(file: SavedVideo, uri: vscode.Uri, sidecarUri: vscode.Uri): SavedVideoInfo {
  // The same summary the sidecar keeps (summarizeMp4), with null where the file could not be read.
  const m = file.metadata && summarizeMp4(file.metadata);
  return {
    uri,
    sidecarUri,
    bytes: file.bytes,
    sha256: file.sha256,
    width: m?.width ?? null,
    height: m?.height ?? null,
    duration: m?.durationSeconds ?? null,
    videoCodec: m?.videoCodec ?? null,
    audioCodec: m?.audioCodec ?? null,
    silentInVsCode: m?.silentInVsCode ?? false,
    warnings: file.warnings,
  };
}

/** Copies a staged video and its sidecar into a workspace folder, never overwriting. */
async function copyToWorkspace(
  videoPath: string,
  sidecarPath: string,
  dir: vscode.Uri,
): Promise<{ uri: vscode.Uri; sidecarUri: vscode.Uri }> {
  await vscode.workspace.fs.createDirectory(dir);
  const name = basename(videoPath, '.mp4');
  for (let attempt = 1; attempt < 1000; attempt++) {
    const stem = attempt === 1 ? name : `${name}-${attempt}`;
    const uri = vscode.Uri.joinPath(dir, `${stem}.mp4`);
    try {
      await vscode.workspace.fs.copy(vscode.Uri.file(videoPath), uri, { overwrite: false });
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileExists') continue;
      throw err;
    }
    const sidecar = parseSidecar(await fs.readFile(sidecarPath, 'utf8'));
    const sidecarUri = vscode.Uri.joinPath(dir, `${stem}.json`);
    if (sidecar) {
      sidecar.video = `${stem}.mp4`;
      await vscode.workspace.fs.writeFile(sidecarUri, new TextEncoder().encode(JSON.stringify(sidecar, null, 2) + '\n'));
    }
    return { uri, sidecarUri };
  }
  throw new VideoGenError(
    'save_failed',
    vscode.l10n.t('No free file name in {0}.', dir.toString()),
    vscode.l10n.t('Clean up the output folder.'),
  );
}
