// One generation, start to end: check → call → save → probe → sidecar → report. The command,
// the panel and the language-model tool all run this, so progress, cancellation, saving and
// errors are handled once. No vscode import: it runs and is tested in plain Node.
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { generateVideo, type GeneratedItem, type GenerationProgress, type GenerationResult } from '../api/client';
import { CancelledError, SaveFailedError, VideoGenError } from '../api/errors';
import type { ConnectionOptions } from '../api/http';
import { BUILT_IN_CATALOG, suggestReplacement, validateGenerationRequest, type Catalog, type GenerationRequest } from '../catalog';
import { compareWithRequest, probeMp4File, summarizeMp4, type Mp4Metadata } from '../media';
import { videoBaseName, videoFileName } from '../output/naming';
import { SIDECAR_VERSION, sidecarNameFor, type Provenance, type Sidecar } from '../output/sidecar';
import type { SavedFile } from '../output/videoFileWriter';

export interface JobSettings {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  proxyUrl?: string;
  strictSSL?: boolean;
  /** VS Code's network settings whole (proxy support, noProxy, proxy authorization, system
   * certificates); when given, they decide the connection and proxyUrl/strictSSL are not read. */
  network?: Omit<ConnectionOptions, 'timeoutMs'>;
  /** Ignore HTTP(S)_PROXY from the environment (tests on loopback). */
  ignoreEnvProxy?: boolean;
}

export interface JobEnvironment {
  settings: JobSettings;
  apiKey: string;
  /** Local folder the files go to (created when missing). */
  outputDir: string;
  catalog?: Catalog;
  userAgent: string;
  now?: () => Date;
  /** Where the take came from (a storyboard shot, a draft it was promoted from): kept in the sidecar. */
  provenance?: Provenance;
  /** False: a 429 is reported at once instead of waited for (a queue waits for it, for all its jobs). */
  retryRateLimits?: boolean;
}

/** A saved file of the answer (path, size, hash), described: its MP4 metadata and sidecar. */
export interface SavedVideo extends SavedFile {
  sidecarPath: string;
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

/** A request checked against the catalog, with what the check noted (kept in the sidecar). */
export interface CheckedRequest {
  request: GenerationRequest;
  warnings: string[];
}

/**
 * Validates a request against the model's limits before anything is sent. A failure carries the
 * API's own code, so callers treat a local refusal and the server's alike.
 */
export function checkRequest(input: unknown, catalog: Catalog = BUILT_IN_CATALOG): CheckedRequest {
  const validation = validateGenerationRequest(input, catalog);
  if (validation.ok) return { request: validation.request, warnings: validation.warnings };
  const message = validation.issues.map((i) => i.message).join(' ');
  return validation.issues.some((i) => i.code === 'invalid_request_error')
    ? fail(new VideoGenError('invalid_request_error', message, 'Change the request and try again; nothing was sent.'))
    : fail(new VideoGenError('n_exceeds_model_limit', message, 'Pick a duration and quality the model supports; nothing was sent.'));
}

function fail(error: VideoGenError): never {
  throw error;
}

/** Runs one checked request with a key: call, save, probe, sidecar. */
export async function runGenerationJob(
  checked: CheckedRequest,
  env: JobEnvironment,
  options: { signal?: AbortSignal; onProgress?: (p: JobProgress) => void } = {},
): Promise<JobResult> {
  const started = Date.now();
  await createOutputFolder(env.outputDir);
  const result = await callApi(checked.request, env, options);
  const created = new Date(result.created * 1000).toISOString();
  // Cancelled while the files were checked and described: the user asked for nothing to be left.
  const written: string[] = result.items.map((item) => item.path);
  const stopIfCancelled = async (): Promise<void> => {
    if (!options.signal?.aborted) return;
    await Promise.all(written.map((path) => fs.rm(path, { force: true })));
    throw new CancelledError();
  };
  await stopIfCancelled();
  const files: SavedVideo[] = [];
  for (const item of result.items) {
    const saved = await describeItem(item, {
      checked,
      created,
      skipped: result.skipped,
      requestId: result.requestId,
      generator: env.userAgent,
      provenance: env.provenance,
    });
    if (saved.sidecarWritten) written.push(saved.file.sidecarPath);
    await stopIfCancelled();
    files.push(saved.file);
  }
  return {
    request: checked.request,
    files,
    revisedPrompt: files[0]?.revisedPrompt ?? null,
    created,
    requestId: result.requestId,
    elapsedMs: Date.now() - started,
  };
}

async function createOutputFolder(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new SaveFailedError(`The output folder ${dir} could not be created (${code}); nothing was sent.`, { cause: err });
  }
}

function callApi(
  request: GenerationRequest,
  env: JobEnvironment,
  options: { signal?: AbortSignal; onProgress?: (p: JobProgress) => void },
): Promise<GenerationResult> {
  const catalog = env.catalog ?? BUILT_IN_CATALOG;
  const baseName = videoBaseName(request.prompt, request.model, env.now?.() ?? new Date());
  return generateVideo({
    baseUrl: env.settings.baseUrl,
    apiKey: env.apiKey,
    request,
    destinationFor: (index) => join(env.outputDir, videoFileName(baseName, index)),
    signal: options.signal,
    connection: {
      ...(env.settings.network ?? { proxyUrl: env.settings.proxyUrl, strictSSL: env.settings.strictSSL }),
      timeoutMs: env.settings.timeoutMs,
      ignoreEnvProxy: env.settings.ignoreEnvProxy,
    },
    retries: env.settings.retries,
    retryRateLimits: env.retryRateLimits,
    userAgent: env.userAgent,
    onProgress: options.onProgress,
    suggestModel: (model) => (model ? suggestReplacement(model, catalog)?.id : undefined),
  });
}

interface ItemContext {
  checked: CheckedRequest;
  created: string;
  skipped: string[];
  requestId?: string;
  generator: string;
  provenance?: Provenance;
}

/** Probes a saved video, compares it with the request, and writes its sidecar beside it. */
async function describeItem(item: GeneratedItem, ctx: ItemContext): Promise<{ file: SavedVideo; sidecarWritten: boolean }> {
  const { request } = ctx.checked;
  const warnings: string[] = [...ctx.checked.warnings, ...ctx.skipped];
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
    created: ctx.created,
    savedAt: new Date().toISOString(),
    sha256: item.sha256,
    bytes: item.bytes,
    source: item.source,
    requestId: ctx.requestId,
    metadata: metadata && summarizeMp4(metadata),
    warnings,
    generator: ctx.generator,
    ...ctx.provenance,
  };
  const sidecarPath = join(dirname(item.path), sidecarNameFor(basename(item.path)));
  let sidecarWritten = false;
  // The video is saved already; a sidecar that cannot be written is a warning, not a loss.
  try {
    await fs.writeFile(sidecarPath, JSON.stringify(sidecar, null, 2) + '\n', { flag: 'wx' });
    sidecarWritten = true;
  } catch (err) {
    warnings.push(`The sidecar could not be written: ${err instanceof Error ? err.message : String(err)}`);
  }
  const file: SavedVideo = {
    path: item.path,
    sidecarPath,
    bytes: item.bytes,
    sha256: item.sha256,
    metadata,
    warnings,
    revisedPrompt: item.revisedPrompt,
  };
  return { file, sidecarWritten };
}
