// The API emulator: two loopback listeners (API + downloads) on node:http, scenario selection
// (prompt directive > queue > default > plain success), request logging and a bounded lifetime.
//
// Validation vs scenarios: scenarios that answer with a video (success, slow_headers, large,
// url_answer, invalid_base64, truncated_json, stall_body, drop_mid_body, empty_data) first run the
// normal checks (key, JSON, fields, model, plan, limits) and only misbehave on a valid request;
// every other scenario (errors, proxy pages, drop_before_headers) answers as told, whatever the
// request holds. Each generation request takes one queued entry, valid or not (413s excepted).
//
// Usage (GET /v1/usage, usage.ts): a generation request with a valid key counts as a request when it
// arrives; it counts as billed (a success and its cost) when its answer starts, for the video
// scenarios but empty_data, or as the scenario's `billed` option says.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { FileStore, serveFile } from './files';
import { OTHER_MODELS, PLANS, VIDEO_MODELS, defaultPlanModels, findVideoModel, isPlan, type Plan, type VideoModel } from './models';
import { clipDimensions, getClip, videoSource, type ClipOptions, type VideoSource } from './mp4';
import { RequestLog, type LoggedRequest } from './request-log';
import {
  apiError,
  jsonAnswer,
  scenarioAnswer,
  sendBody,
  sendSimple,
  sleep,
  videoBodyParts,
  type BodyPlan,
  type Fault,
  type Outcome,
  type SimpleAnswer,
  type VideoItem,
} from './responses';
import {
  ScenarioError,
  isVideoScenario,
  parseDirective,
  parseScenario,
  type ClipScenario,
  type Scenario,
  type ScenarioInput,
} from './scenarios';
import {
  UsageBook,
  parseUsageShape,
  pickSections,
  roundUsd,
  usageBody,
  usageBumpSchema,
  type ModelCounters,
  type UsageBumpInput,
  type UsageShape,
  type UsageShapeInput,
} from './usage';
import { authError, checkAuth, validateGeneration, type AuthResult } from './validation';

export type { LoggedRequest } from './request-log';
export type { Scenario, ScenarioInput, ScenarioKind } from './scenarios';
export type { ModelCounters, UsageBumpInput, UsageShape, UsageShapeInput } from './usage';

export interface EmulatorOptions {
  /** API port; 0 (default) picks a free one. */
  port?: number;
  /** Download port; 0 (default) picks a free one. */
  filesPort?: number;
  /** Loopback only, on purpose. */
  host?: '127.0.0.1';
  /** Accepted bearer keys (default `['test-key']`). */
  apiKeys?: string[];
  /** Plan of each key (default `ultra`: every video model). */
  keyPlans?: Record<string, Plan>;
  /** Overrides which model ids each plan may use (default: pro and ultra all, free none). */
  planModels?: Partial<Record<Plan, string[]>>;
  /** Models that answer 404 `model_not_found` ("has been retired") and vanish from /v1/models. */
  retiredModels?: string[];
  /** Video models the server knows beyond the documented table (added to every paid plan). */
  extraModels?: VideoModel[];
  /** Scenario used when no directive or queued entry applies. */
  defaultScenario?: ScenarioInput;
  /** Request bodies above this are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** Stop by itself after this long without requests (none by default). */
  idleTimeoutMs?: number;
  /** Stop by itself this long after starting (none by default). */
  maxLifetimeMs?: number;
  /** Log entries kept (oldest dropped first; default 1000). */
  maxLoggedRequests?: number;
  /** Where generated clips are cached (default `os.tmpdir()/video-gen-emulator-cache`). */
  cacheDir?: string;
  ffmpegPath?: string;
  /** Called with each finished log entry (the CLI prints them). */
  onRequest?: (entry: LoggedRequest) => void;
  /** How `GET /v1/usage` answers (see usage.ts): `false` = no such endpoint (404); a shape picks
   * among the field-name variants the contract lists. Default: available, the documented names. */
  usage?: boolean | UsageShapeInput;
  /** `username` shown by `GET /v1/usage` per key (default `user1`, `user2`, … in key order). */
  usernames?: Record<string, string>;
}

export interface Emulator {
  /** API origin, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  /** `url + '/v1'`: what the extension's base URL setting takes. */
  readonly baseUrl: string;
  /** Origin of the download listener (a different port, hence a different origin). */
  readonly filesUrl: string;
  readonly port: number;
  readonly filesPort: number;
  /** Queues scenarios (FIFO); each applies to the next request(s) of its endpoint. Throws on invalid input. */
  enqueue(...scenarios: ScenarioInput[]): void;
  /** Scenario for requests with nothing queued; null restores plain success. */
  setDefaultScenario(scenario: ScenarioInput | null): void;
  /** Clears queue, default scenario, request log and served files. */
  reset(): void;
  /** Copy of the request log (both listeners, oldest first). */
  requests(): LoggedRequest[];
  /** Changes how `GET /v1/usage` answers from now on (`false`: 404); reset() restores the started one. */
  setUsageShape(shape: boolean | UsageShapeInput): void;
  /** The shape `GET /v1/usage` answers in now. */
  usageShape(): UsageShape;
  /** Counts generations another client ran with the same key (no video, no log entry). Throws on invalid input. */
  addUsage(bump: UsageBumpInput): void;
  /** The usage counters of a key (default: the first), per model. */
  usageCounters(key?: string): Record<string, ModelCounters>;
  /** Number of queued entries not yet consumed (an entry with `times: n` counts n). */
  queued(): number;
  /** Stops both listeners, destroying open sockets (stalled ones included). Idempotent. */
  close(): Promise<void>;
  /** Resolves when the emulator has stopped (by close(), idle timeout or max lifetime). */
  readonly closed: Promise<void>;
}

const MiB = 1024 * 1024;

interface QueueEntry {
  scenario: Scenario;
  remaining: number;
}

type Endpoint = 'generations' | 'models' | 'usage';

const MAX_HASHED_BYTES = 64 * MiB;

/** SHA-256 of a served video, read as it is sent; large benchmark files are not hashed. */
async function sourceSha256(source: VideoSource): Promise<string | null> {
  if (source.size > MAX_HASHED_BYTES) return null;
  const hash = createHash('sha256');
  for await (const chunk of source.read()) hash.update(chunk);
  return hash.digest('hex');
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = '127.0.0.1';
  if (opts.host !== undefined && opts.host !== host) throw new Error('the emulator binds to 127.0.0.1 only');
  const keys = opts.apiKeys?.length ? [...opts.apiKeys] : ['test-key'];
  const extraModels = opts.extraModels ?? [];
  const planModels: Record<Plan, Set<string>> = (() => {
    const base = defaultPlanModels();
    const extraIds = extraModels.map((m) => m.id);
    base.pro.push(...extraIds);
    base.ultra.push(...extraIds);
    const out = {} as Record<Plan, Set<string>>;
    for (const p of PLANS) out[p] = new Set(opts.planModels?.[p] ?? base[p]);
    return out;
  })();
  const retired = new Set(opts.retiredModels ?? []);
  const maxBody = opts.maxBodyBytes ?? MiB;
  const clipOpts: ClipOptions = { cacheDir: opts.cacheDir, ffmpegPath: opts.ffmpegPath };
  const log = new RequestLog(keys, opts.maxLoggedRequests ?? 1000);
  const files = new FileStore();
  const shutdown = new AbortController();

  const startedUsageShape = parseUsageShape(opts.usage);
  let usageShape = startedUsageShape;
  const usage = new UsageBook();
  const createdIso = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  const usernameOf = (key: string): string => opts.usernames?.[key] ?? `user${keys.indexOf(key) + 1}`;

  let queue: QueueEntry[] = [];
  let defaultScenario: Scenario | undefined = opts.defaultScenario ? parseScenario(opts.defaultScenario) : undefined;
  let active = 0;

  const takeScenario = (endpoint: Endpoint): { scenario?: Scenario; source: 'queue' | 'default' | 'none' } => {
    const i = queue.findIndex((e) => e.scenario.endpoint === endpoint);
    const entry = i >= 0 ? queue[i] : undefined;
    if (entry) {
      entry.remaining--;
      if (entry.remaining <= 0) queue.splice(i, 1);
      return { scenario: entry.scenario, source: 'queue' };
    }
    if (defaultScenario && defaultScenario.endpoint === endpoint) return { scenario: defaultScenario, source: 'default' };
    return { source: 'none' };
  };

  const enqueueParsed = (list: Scenario[]): void => {
    for (const s of list) queue.push({ scenario: s, remaining: s.times ?? 1 });
  };

  // ---- bookkeeping shared by both listeners ----------------------------------------------------

  const sockets = new Set<Socket>();
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdle = (): void => {
    if (!opts.idleTimeoutMs) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (active > 0) armIdle();
      else void close();
    }, opts.idleTimeoutMs);
    idleTimer.unref();
  };

  /** Runs a handler with a log entry, a request id and a signal that aborts if the client leaves. */
  const track =
    (listener: LoggedRequest['listener'], handler: (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const id = `req_${randomBytes(12).toString('hex')}`;
      res.setHeader('x-request-id', id);
      const left = new AbortController();
      res.on('close', () => left.abort());
      const signal = AbortSignal.any([shutdown.signal, left.signal]);
      const auth = checkAuth(req.headers.authorization, keys);
      const admin = (req.url ?? '').startsWith('/__emulator');
      const entry = admin ? undefined : log.add(req, id, listener, auth.result);
      const started = Date.now();
      active++;
      armIdle();
      const ctx: RequestContext = { id, signal, auth: auth.result, key: auth.key, entry };
      handler(req, res, ctx)
        .catch(async (err: unknown) => {
          if (ctx.entry) ctx.entry.outcome = 'aborted';
          if (res.headersSent || signal.aborted) {
            res.destroy();
            return;
          }
          const failure = apiError(500, 'emulator_error', `Emulator failure: ${err instanceof Error ? err.message : String(err)}`);
          await sendSimple(res, failure, signal).catch(() => res.destroy());
        })
        .finally(() => {
          active--;
          armIdle();
          if (entry) {
            entry.status ??= res.headersSent ? res.statusCode : undefined;
            entry.durationMs = Date.now() - started;
            opts.onRequest?.(structuredClone(entry));
          }
        });
    };

  const finish = (ctx: RequestContext, result: { outcome: Outcome; bytes: number }, status: number): void => {
    if (!ctx.entry) return;
    ctx.entry.status = status;
    ctx.entry.outcome = result.outcome;
    ctx.entry.bytesSent = result.bytes;
  };

  const answer = async (res: ServerResponse, ctx: RequestContext, a: SimpleAnswer): Promise<void> => {
    finish(ctx, await sendSimple(res, a, ctx.signal), a.status);
  };

  // ---- API listener --------------------------------------------------------------------------------

  const api = createServer(
    track('api', async (req, res, ctx) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path.startsWith('/__emulator')) return handleAdmin(req, res, ctx, path, url);
      if (path === '/v1/video/generations') {
        if (req.method !== 'POST') return answer(res, ctx, methodNotAllowed('POST', req.method));
        return countInFlight(ctx, () => handleGeneration(req, res, ctx));
      }
      if (path === '/v1/models') {
        if (req.method !== 'GET') return answer(res, ctx, methodNotAllowed('GET', req.method));
        return handleModels(req, res, ctx, url);
      }
      if (path === '/v1/usage' && usageShape.available) {
        if (req.method !== 'GET') return answer(res, ctx, methodNotAllowed('GET', req.method));
        return handleUsage(req, res, ctx, url);
      }
      return answer(
        res,
        ctx,
        apiError(404, 'invalid_request_error', `Unknown request URL: ${req.method} ${url.pathname}.`, { code: 'unknown_url' }),
      );
    }),
  );

  /** Generation requests being answered now: each log entry says how many were, itself included. */
  let generationsInFlight = 0;
  async function countInFlight(ctx: RequestContext, handle: () => Promise<void>): Promise<void> {
    generationsInFlight++;
    if (ctx.entry) ctx.entry.generationsInFlight = generationsInFlight;
    try {
      await handle();
    } finally {
      generationsInFlight--;
    }
  }

  async function handleGeneration(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    const raw = await readBody(req, maxBody);
    if (raw === undefined) {
      res.setHeader('connection', 'close');
      if (ctx.entry) ctx.entry.outcome = 'refused';
      return answer(
        res,
        ctx,
        apiError(413, 'invalid_request_error', `Request body exceeds ${maxBody} bytes.`, { code: 'request_too_large' }),
      );
    }
    let json: unknown;
    let jsonOk = true;
    try {
      json = JSON.parse(raw);
    } catch {
      jsonOk = false;
    }
    if (ctx.entry) log.setBody(ctx.entry, jsonOk ? { json } : { text: raw });
    const fields = jsonOk && json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
    const prompt = typeof fields.prompt === 'string' ? fields.prompt : undefined;
    const model = typeof fields.model === 'string' ? fields.model : undefined;
    // Usage: every generation request with a valid key counts as a request, whatever follows.
    if (ctx.auth === 'valid' && ctx.key !== undefined && model !== undefined) usage.request(ctx.key, model);
    let billedOnce = false;
    /** Counts this generation as billed (once): a successful request and its cost. */
    const bill = (duration: unknown): void => {
      if (billedOnce || ctx.auth !== 'valid' || ctx.key === undefined || model === undefined) return;
      billedOnce = true;
      const price = findVideoModel(model, extraModels)?.usdPerSecond ?? 0;
      const seconds = typeof duration === 'number' && Number.isFinite(duration) && duration > 0 ? duration : 0;
      usage.bill(ctx.key, model, roundUsd(price * seconds));
      if (ctx.entry) ctx.entry.billed = true;
    };

    // Pick the scenario: a directive in the prompt wins and leaves the queue alone.
    let scenario: Scenario | undefined;
    let source: NonNullable<LoggedRequest['scenarioSource']>;
    let revisedDefault = prompt ?? null;
    const directive = prompt !== undefined ? parseDirective(prompt) : { found: false as const };
    if (directive.found) {
      if ('error' in directive) {
        return answer(
          res,
          ctx,
          apiError(400, 'invalid_request_error', `Invalid emulator directive ${directive.text}: ${directive.error}`, {
            param: 'prompt',
            code: 'emulator_directive_invalid',
          }),
        );
      }
      scenario = directive.scenario;
      source = 'directive';
      revisedDefault = directive.promptWithout;
    } else {
      const taken = takeScenario('generations');
      scenario = taken.scenario;
      source = taken.source;
    }
    const s: Scenario = scenario ?? parseScenario({ kind: 'success' });
    if (ctx.entry) {
      ctx.entry.scenario = s.kind;
      ctx.entry.scenarioSource = source;
    }

    if (!isVideoScenario(s)) return misbehave(req, res, ctx, s, model, s.billed === true ? () => bill(fields.duration) : undefined);

    if (ctx.auth !== 'valid') return answer(res, ctx, authError(ctx.auth));
    if (!jsonOk) {
      return answer(
        res,
        ctx,
        apiError(400, 'invalid_request_error', 'We could not parse the JSON body of your request.', { code: 'invalid_json' }),
      );
    }
    const plan = planOf(ctx.key);
    const checked = validateGeneration(json, {
      allowedModels: planModels[plan],
      planName: plan,
      retiredModels: retired,
      extraModels,
    });
    if (!checked.ok) return answer(res, ctx, checked.answer);
    const { request } = checked;
    // Billed when the answer starts (default: a video was produced), or as the scenario says; with
    // `billed: true` even if the client left first (the provider finished the work anyway).
    const billed = s.billed ?? s.kind !== 'empty_data';
    const leave = (): void => {
      if (s.billed === true) bill(request.duration);
      abandon(res, ctx);
    };

    if (s.kind === 'empty_data') {
      if (!(await sleep(s.delayMs, ctx.signal))) return leave();
      if (billed) bill(request.duration);
      return answer(res, ctx, jsonAnswer(200, { created: nowSeconds(), data: [] }));
    }

    // Encode (or fetch from cache) while the "generation time" runs, so delayMs is the total wait.
    const { width, height } = clipDimensions(request.quality, request.ratio);
    const [items, waited] = await Promise.all([
      buildItems(
        s,
        { width, height, durationSec: request.duration, audio: s.audio },
        s.revisedPrompt !== undefined ? s.revisedPrompt : revisedDefault,
      ),
      sleep(s.delayMs, ctx.signal),
    ]);
    if (!waited || ctx.signal.aborted) return leave();
    // What was sent, by hash, so tests can check that what a client saved is exactly that.
    if (ctx.entry) ctx.entry.videoSha256 = await Promise.all(items.map((item) => sourceSha256(item.source)));
    if (billed) bill(request.duration);

    const plan200: BodyPlan = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      parts: videoBodyParts(items, { garbage: s.kind === 'invalid_base64' ? s.garbage : undefined, dataUrl: s.base64 === 'data_url' }),
      escapeSlashes: s.escapeSlashes,
      base64: s.base64,
      transfer: s.transfer,
      chunkSize: s.chunkSize,
      chunkDelayMs: s.chunkDelayMs,
      fault: faultOf(s),
    };
    finish(ctx, await sendBody(res, plan200, ctx.signal), 200);
  }

  async function buildItems(s: ClipScenario, spec: Parameters<typeof getClip>[0], revisedPrompt: string | null): Promise<VideoItem[]> {
    const clip = await getClip(spec, clipOpts);
    const items: VideoItem[] = [];
    for (let i = 0; i < s.items; i++) {
      // Padding carries a tag so the items of one answer are distinct files (a client must keep all).
      const padded = s.sizeMB !== undefined || i > 0;
      const source: VideoSource = await videoSource(
        clip,
        padded ? { padTo: s.sizeMB !== undefined ? Math.round(s.sizeMB * MiB) : undefined, tag: `video-gen-emulator item ${i + 1}` } : {},
      );
      const item: VideoItem = { source, revisedPrompt };
      if (s.kind === 'url_answer') item.url = filesUrl + files.add(source, s.expiresMs);
      items.push(item);
    }
    return items;
  }

  /** Non-video scenarios: answer as told, or hang up without answering. `bill` (generations with
   * `billed: true`) runs when the answer would start, or when the client leaves before. */
  async function misbehave(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: RequestContext,
    s: Scenario,
    model?: string,
    bill?: () => void,
  ): Promise<void> {
    const waited = await sleep(s.delayMs, ctx.signal);
    bill?.();
    if (!waited) return abandon(res, ctx);
    if (s.kind === 'drop_before_headers') {
      if (ctx.entry) ctx.entry.outcome = 'dropped_before_headers';
      req.socket.destroy();
      return;
    }
    const a = scenarioAnswer(s, { model });
    if (!a) throw new Error(`scenario ${s.kind} has no answer`);
    return answer(res, ctx, a);
  }

  async function handleModels(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, url: URL): Promise<void> {
    const { scenario, source } = takeScenario('models');
    const s = scenario ?? parseScenario({ kind: 'success', endpoint: 'models' });
    if (ctx.entry) {
      ctx.entry.scenario = s.kind;
      ctx.entry.scenarioSource = source;
    }
    if (!isVideoScenario(s)) return misbehave(req, res, ctx, s);
    if (ctx.auth !== 'valid') return answer(res, ctx, authError(ctx.auth));

    const planParam = url.searchParams.get('plan');
    if (planParam !== null && !isPlan(planParam)) {
      return answer(
        res,
        ctx,
        apiError(400, 'invalid_request_error', `Invalid 'plan': '${planParam}' is not one of ${PLANS.join(', ')}.`, {
          param: 'plan',
          code: 'invalid_value',
        }),
      );
    }
    const plan = planParam ?? planOf(ctx.key);
    const withType = url.searchParams.has('type');
    const withPricing = url.searchParams.has('pricing');
    const withFeatures = url.searchParams.has('features');
    const video = [...VIDEO_MODELS, ...extraModels.filter((m) => !VIDEO_MODELS.some((v) => v.id === m.id))]
      .filter((m) => planModels[plan].has(m.id) && !retired.has(m.id))
      .map((m) => ({
        id: m.id,
        object: 'model',
        created: m.created,
        owned_by: m.provider,
        ...(withType ? { type: 'video/generation' } : {}),
        ...(withFeatures ? { features: videoFeatures(m) } : {}),
        ...(withPricing ? { pricing: { per_second: m.usdPerSecond, currency: 'USD' } } : {}),
      }));
    const others = OTHER_MODELS.map((m) => ({
      id: m.id,
      object: 'model',
      created: m.created,
      owned_by: m.provider,
      ...(withType ? { type: m.type } : {}),
      ...(withFeatures ? { features: [...m.features] } : {}),
      ...(withPricing ? { pricing: m.pricing } : {}),
    }));
    const body = JSON.stringify({ object: 'list', data: [...video, ...others] });
    return sendJson(res, ctx, s, body);
  }

  async function handleUsage(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, url: URL): Promise<void> {
    const { scenario, source } = takeScenario('usage');
    const s = scenario ?? parseScenario({ kind: 'success', endpoint: 'usage' });
    if (ctx.entry) {
      ctx.entry.scenario = s.kind;
      ctx.entry.scenarioSource = source;
    }
    if (!isVideoScenario(s)) return misbehave(req, res, ctx, s);
    if (ctx.auth !== 'valid' || ctx.key === undefined) return answer(res, ctx, authError(ctx.auth === 'valid' ? 'invalid' : ctx.auth));
    const picked = pickSections(url.searchParams.get('section'));
    if ('error' in picked) {
      return answer(res, ctx, apiError(400, 'invalid_request_error', picked.error, { param: 'section', code: 'invalid_value' }));
    }
    const body = usageBody(
      usage.models(ctx.key),
      { username: usernameOf(ctx.key), plan: planOf(ctx.key), createdIso },
      picked.sections,
      usageShape,
    );
    return sendJson(res, ctx, s, JSON.stringify(body));
  }

  /** A 200 JSON answer through a success-like scenario (delay, dribbling, faults). */
  async function sendJson(res: ServerResponse, ctx: RequestContext, s: Scenario, body: string): Promise<void> {
    if (!(await sleep(s.delayMs, ctx.signal))) return abandon(res, ctx);
    const plan200: BodyPlan = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      parts: [body],
      transfer: 'transfer' in s ? s.transfer : 'auto',
      chunkSize: 'chunkSize' in s ? s.chunkSize : undefined,
      chunkDelayMs: 'chunkDelayMs' in s ? s.chunkDelayMs : 0,
      escapeSlashes: 'escapeSlashes' in s ? s.escapeSlashes : false,
      fault: faultOf(s),
    };
    finish(ctx, await sendBody(res, plan200, ctx.signal), 200);
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, path: string, url: URL): Promise<void> {
    const route = `${req.method} ${path}`;
    switch (route) {
      case 'GET /__emulator/health':
        return answer(res, ctx, jsonAnswer(200, { ok: true, url: apiUrl, baseUrl: apiUrl + '/v1', filesUrl }));
      case 'GET /__emulator/requests': {
        const listener = url.searchParams.get('listener');
        const list = log.list().filter((e) => !listener || e.listener === listener);
        return answer(res, ctx, jsonAnswer(200, { requests: list }));
      }
      case 'GET /__emulator/scenarios':
        return answer(
          res,
          ctx,
          jsonAnswer(200, {
            queue: queue.map((e) => ({ ...e.scenario, times: e.remaining })),
            default: defaultScenario ?? null,
          }),
        );
      case 'POST /__emulator/reset':
        resetState();
        return answer(res, ctx, jsonAnswer(200, { ok: true }));
      case 'GET /__emulator/usage-shape':
        return answer(res, ctx, jsonAnswer(200, usageShape));
      case 'GET /__emulator/usage':
        return answer(res, ctx, jsonAnswer(200, { usage: usageByUsername() }));
      case 'POST /__emulator/usage-shape':
      case 'POST /__emulator/usage': {
        const raw = await readBody(req, maxBody);
        if (raw === undefined) return answer(res, ctx, apiError(413, 'invalid_request_error', 'Body too large.'));
        try {
          const body: unknown = JSON.parse(raw);
          if (route === 'POST /__emulator/usage-shape') {
            usageShape = parseUsageShape(body);
            return answer(res, ctx, jsonAnswer(200, usageShape));
          }
          addUsage(body);
          return answer(res, ctx, jsonAnswer(200, { usage: usageByUsername() }));
        } catch (err) {
          const message = err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
          return answer(res, ctx, apiError(400, 'invalid_request_error', `Invalid usage request: ${message}`, { code: 'invalid_usage' }));
        }
      }
      case 'POST /__emulator/scenarios': {
        const raw = await readBody(req, maxBody);
        if (raw === undefined) return answer(res, ctx, apiError(413, 'invalid_request_error', 'Body too large.'));
        try {
          const applied = applyAdminScenarios(JSON.parse(raw));
          return answer(res, ctx, jsonAnswer(200, applied));
        } catch (err) {
          const message = err instanceof ScenarioError || err instanceof SyntaxError ? err.message : String(err);
          return answer(res, ctx, apiError(400, 'invalid_request_error', `Invalid scenario: ${message}`, { code: 'invalid_scenario' }));
        }
      }
      default:
        return answer(res, ctx, apiError(404, 'invalid_request_error', `Unknown emulator admin route: ${route}.`, { code: 'unknown_url' }));
    }
  }

  /** Body: one scenario, an array of them, or `{enqueue?: one|array, default?: one|null}`. All or nothing. */
  function applyAdminScenarios(body: unknown): { queued: number; default: string | null } {
    let toQueue: unknown[] = [];
    let newDefault: Scenario | null | undefined;
    if (Array.isArray(body)) toQueue = body;
    else if (body && typeof body === 'object' && 'kind' in body) toQueue = [body];
    else if (body && typeof body === 'object') {
      const b = body as { enqueue?: unknown; default?: unknown };
      const extra = Object.keys(b).filter((k) => k !== 'enqueue' && k !== 'default');
      if (extra.length)
        throw new ScenarioError(`unknown field(s) ${extra.join(', ')}; expected a scenario, an array, or {enqueue, default}`);
      if (b.enqueue !== undefined) toQueue = Array.isArray(b.enqueue) ? b.enqueue : [b.enqueue];
      if (b.default !== undefined) newDefault = b.default === null ? null : parseScenario(b.default);
    } else {
      throw new ScenarioError('expected a scenario, an array, or {enqueue, default}');
    }
    const parsed = toQueue.map((s) => parseScenario(s));
    enqueueParsed(parsed);
    if (newDefault !== undefined) defaultScenario = newDefault ?? undefined;
    return { queued: queue.reduce((n, e) => n + e.remaining, 0), default: defaultScenario?.kind ?? null };
  }

  // ---- download listener -----------------------------------------------------------------------------

  const filesServer = createServer(
    track('files', async (req, res, ctx) => {
      const result = await serveFile(req, res, files, ctx.signal);
      finish(ctx, result, res.statusCode);
    }),
  );

  // ---- lifecycle ---------------------------------------------------------------------------------------

  for (const server of [api, filesServer]) {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    // Client-side protocol errors must not crash the process running the tests.
    server.on('clientError', (_err, socket: Socket) => socket.destroy());
  }

  const apiPort = await listen(api, opts.port ?? 0, host);
  let filesPort: number;
  try {
    filesPort = await listen(filesServer, opts.filesPort ?? 0, host);
  } catch (err) {
    api.close();
    throw err;
  }
  const apiUrl = `http://${host}:${apiPort}`;
  const filesUrl = `http://${host}:${filesPort}`;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | undefined;
  const lifetimeTimer = opts.maxLifetimeMs ? setTimeout(() => void close(), opts.maxLifetimeMs) : undefined;
  lifetimeTimer?.unref();
  armIdle();

  function close(): Promise<void> {
    closing ??= (async () => {
      clearTimeout(lifetimeTimer);
      clearTimeout(idleTimer);
      shutdown.abort();
      const done = Promise.all([api, filesServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      for (const s of [api, filesServer]) s.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await done;
      files.clear();
      resolveClosed();
    })();
    return closing;
  }

  /** Counts generations another client ran with the same key. Throws on invalid input. */
  function addUsage(input: unknown): void {
    const b = usageBumpSchema.parse(input);
    const key = b.key ?? keys[0] ?? 'test-key';
    if (!keys.includes(key)) throw new Error("that key is not one of the emulator's keys");
    const successful = b.successful ?? b.requests;
    if (successful > b.requests) throw new Error('"successful" cannot exceed "requests"');
    const cost = b.costUsd ?? roundUsd((findVideoModel(b.model, extraModels)?.usdPerSecond ?? 0) * b.duration);
    for (let i = 0; i < b.requests; i++) usage.request(key, b.model);
    for (let i = 0; i < successful; i++) usage.bill(key, b.model, cost);
  }

  /** Counters per username (the admin routes never show keys). */
  function usageByUsername(): Record<string, Record<string, ModelCounters>> {
    const all = usage.snapshot();
    return Object.fromEntries(Object.entries(all).map(([key, models]) => [usernameOf(key), models]));
  }

  function resetState(): void {
    usage.clear();
    usageShape = startedUsageShape;
    queue = [];
    defaultScenario = undefined;
    log.clear();
    files.clear();
  }

  function planOf(key: string | undefined): Plan {
    return (key !== undefined ? opts.keyPlans?.[key] : undefined) ?? 'ultra';
  }

  return {
    url: apiUrl,
    baseUrl: `${apiUrl}/v1`,
    filesUrl,
    port: apiPort,
    filesPort,
    enqueue: (...scenarios) => enqueueParsed(scenarios.map((s) => parseScenario(s))),
    setDefaultScenario: (s) => {
      defaultScenario = s === null ? undefined : parseScenario(s);
    },
    reset: resetState,
    requests: () => log.list(),
    setUsageShape: (shape) => {
      usageShape = parseUsageShape(shape);
    },
    usageShape: () => ({ ...usageShape }),
    addUsage,
    usageCounters: (key) => usage.snapshot()[key ?? keys[0] ?? ''] ?? {},
    queued: () => queue.reduce((n, e) => n + e.remaining, 0),
    close,
    closed,
  };
}

interface RequestContext {
  id: string;
  /** Aborts when the client leaves or the emulator closes. */
  signal: AbortSignal;
  auth: AuthResult;
  key?: string;
  entry?: LoggedRequest;
}

function faultOf(s: Scenario): Fault | undefined {
  switch (s.kind) {
    case 'truncated_json':
      return { type: 'truncate', afterBytes: s.afterBytes, fraction: s.fraction };
    case 'stall_body':
      return { type: 'stall', afterBytes: s.afterBytes, fraction: s.fraction, holdMs: s.holdMs };
    case 'drop_mid_body':
      return { type: 'drop', afterBytes: s.afterBytes, fraction: s.fraction };
    default:
      return undefined;
  }
}

/** What `?features` lists for a video model: text-to-video, and audio when its clips have sound. */
function videoFeatures(m: VideoModel): string[] {
  return ['text-to-video', ...(m.audio ? ['audio'] : [])];
}

function abandon(res: ServerResponse, ctx: RequestContext): void {
  if (ctx.entry) ctx.entry.outcome = 'aborted';
  res.destroy();
}

function methodNotAllowed(allowed: string, got: string | undefined): SimpleAnswer {
  return apiError(405, 'invalid_request_error', `Method ${got ?? '?'} not allowed here; use ${allowed}.`, {
    code: 'method_not_allowed',
    headers: { allow: allowed },
  });
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Reads the whole body as UTF-8; undefined when it exceeds `limit` (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
