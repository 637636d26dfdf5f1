// One generation, start to end: validate → call → save → probe → sidecar → report. The command,
// the panel and the language-model tool all run this, so progress, cancellation, saving and
// errors are handled once. No vscode import: it runs and is tested in plain Node.
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { generateVideo, type GenerationProgress } from '../api/client';
import { CancelledError, SaveFailedError, VideoGenError } from '../api/errors';
import { BUILT_IN_CATALOG, suggestReplacement, validateGenerationRequest, type Catalog, type GenerationRequest } from '../catalog';
import { compareWithRequest, probeMp4File, type Mp4Metadata } from '../media';
import { videoBaseName, videoFileName } from '../output/naming';
import { SIDECAR_VERSION, sidecarNameFor, type Sidecar } from '../output/sidecar';

export interface JobSettings {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  proxyUrl?: string;
  strictSSL?: boolean;
  /** Ignore HTTP(S)_PROXY from the environment (tests on loopback). */
  ignoreEnvProxy?: boolean;
}

export interface JobEnvironment {
  settings: JobSettings;
  apiKey: string | undefined;
  /** Local folder the files go to (created when missing). */
  outputDir: string;
  catalog?: Catalog;
  userAgent: string;
  now?: () => Date;
}

export interface SavedVideo {
  path: string;
  sidecarPath: string;
  bytes: number;
  sha256: string;
  metadata: Mp4Metadata | null;
  /** Differences between what was asked and what came (e.g. another frame size), and probe failures. */
  warnings: string[];
  revisedPrompt: string | null;
}

export interface JobResult {
  request: GenerationRequest;
  files: SavedVideo[];
  revisedPrompt: string | null;
  created: string;
  requestId?: string;
  elapsedMs: number;
}

export type JobProgress = GenerationProgress;

/** A local validation failure carries the API's own code, so callers treat both alike. */
function validationError(issues: Array<{ code: string; message: string }>): VideoGenError {
  const message = issues.map((i) => i.message).join(' ');
  return issues.some((i) => i.code === 'invalid_request_error')
    ? new VideoGenError('invalid_request_error', message, 'Change the request and try again; nothing was sent.')
    : new VideoGenError('n_exceeds_model_limit', message, 'Pick a duration and quality the model supports; nothing was sent.');
}

export async function runGenerationJob(
  input: unknown,
  env: JobEnvironment,
  options: { signal?: AbortSignal; onProgress?: (p: JobProgress) => void } = {},
): Promise<JobResult> {
  const started = Date.now();
  const catalog = env.catalog ?? BUILT_IN_CATALOG;
  const validation = validateGenerationRequest(input, catalog);
  if (!validation.ok) throw validationError(validation.issues);
  const request = validation.request;
  if (!env.apiKey) {
    throw new VideoGenError('invalid_api_key', 'No API key is set.', 'Set your API key and try again; nothing was sent.');
  }
  const now = env.now?.() ?? new Date();
  const baseName = videoBaseName(request.prompt, request.model, now);
  try {
    await fs.mkdir(env.outputDir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new SaveFailedError(`The output folder ${env.outputDir} could not be created (${code}); nothing was sent.`, { cause: err });
  }
  const result = await generateVideo({
    baseUrl: env.settings.baseUrl,
    apiKey: env.apiKey,
    request,
    destinationFor: (index) => join(env.outputDir, videoFileName(baseName, index)),
    signal: options.signal,
    connection: { timeoutMs: env.settings.timeoutMs, proxyUrl: env.settings.proxyUrl, strictSSL: env.settings.strictSSL, ignoreEnvProxy: env.settings.ignoreEnvProxy },
    retries: env.settings.retries,
    userAgent: env.userAgent,
    onProgress: options.onProgress,
    suggestModel: (model) => (model ? suggestReplacement(model, catalog)?.id : undefined),
  });
  const created = new Date(result.created * 1000).toISOString();
  const files: SavedVideo[] = [];
  // Cancelled while the files were checked and described: the user asked for nothing to be left.
  const written: string[] = result.items.map((item) => item.path);
  const stopIfCancelled = async (): Promise<void> => {
    if (!options.signal?.aborted) return;
    await Promise.all(written.map((path) => fs.rm(path, { force: true })));
    throw new CancelledError();
  };
  await stopIfCancelled();
  for (const item of result.items) {
    const warnings: string[] = [...validation.warnings, ...result.skipped];
    let metadata: Mp4Metadata | null = null;
    try {
      metadata = await probeMp4File(item.path);
      warnings.push(...compareWithRequest(metadata, request).map((m) => m.message));
    } catch (err) {
      warnings.push(`The saved file could not be read as MP4: ${err instanceof Error ? err.message : String(err)}`);
    }
    const sidecar: Sidecar = {
      version: SIDECAR_VERSION,
      video: basename(item.path),
      request,
      model: request.model,
      revisedPrompt: item.revisedPrompt,
      created,
      savedAt: new Date().toISOString(),
      sha256: item.sha256,
      bytes: item.bytes,
      source: item.source,
      requestId: result.requestId,
      metadata: metadata && {
        width: metadata.width,
        height: metadata.height,
        durationSeconds: metadata.durationSeconds,
        videoCodec: metadata.video?.codecName ?? null,
        audioCodec: metadata.audio?.codecName ?? null,
        silentInVsCode: metadata.playableInVsCode.silentInVsCode,
        playableInVsCode: metadata.playableInVsCode.video,
      },
      warnings,
      generator: env.userAgent,
    };
    const sidecarPath = join(dirname(item.path), sidecarNameFor(basename(item.path)));
    // The video is saved already; a sidecar that cannot be written is a warning, not a loss.
    try {
      await fs.writeFile(sidecarPath, JSON.stringify(sidecar, null, 2) + '\n', { flag: 'wx' });
      written.push(sidecarPath);
    } catch (err) {
      warnings.push(`The sidecar could not be written: ${err instanceof Error ? err.message : String(err)}`);
    }
    await stopIfCancelled();
    files.push({ path: item.path, sidecarPath, bytes: item.bytes, sha256: item.sha256, metadata, warnings, revisedPrompt: item.revisedPrompt });
  }
  return {
    request,
    files,
    revisedPrompt: files[0]?.revisedPrompt ?? null,
    created,
    requestId: result.requestId,
    elapsedMs: Date.now() - started,
  };
}
