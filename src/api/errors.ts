// Typed errors of a generation call. Each carries what a person or a program needs: a stable code,
// the HTTP status, the server's own message (with the key redacted), the request id, a sentence the
// user can act on, and whether the generation may already have been paid for.

import { formatSeconds } from '../shared/format';

export type VideoGenErrorCode =
  | 'invalid_request_error'
  | 'n_exceeds_model_limit'
  | 'invalid_api_key'
  | 'permission_denied_error'
  | 'rate_limit_exceeded'
  | 'provider_error'
  | 'upstream_timeout'
  | 'model_unavailable'
  | 'network_error'
  /** The server's TLS certificate was refused (untrusted, expired, for another host): nothing was sent. */
  | 'tls_error'
  | 'timeout'
  | 'cancelled'
  | 'bad_response'
  /** A setting that cannot be used (base URL, output folder outside the workspace). */
  | 'invalid_settings'
  /** Nowhere to save: no folder is open and no save location was chosen. */
  | 'no_workspace'
  /** The video arrived but could not be written (disk full, no permission, …). */
  | 'save_failed'
  /** The daily limit the user set is reached. */
  | 'daily_limit_reached'
  /** A monthly limit or a dollar budget the user set would be exceeded. */
  | 'budget_exceeded';

export interface VideoGenErrorDetails {
  status?: number;
  serverMessage?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  /** True when the server may have generated (and charged for) the video before the failure. */
  mayHaveBeenBilled?: boolean;
  model?: string;
  /** A model that works, when this one is retired or unavailable. */
  suggestedModel?: string;
  /** What the provider's usage says about a generation that may have been billed. */
  billing?: BillingFinding;
  cause?: unknown;
}

/** "Was I billed?", answered from the provider's usage before and after the generation. */
export interface BillingFinding {
  verdict: 'billed' | 'not_billed' | 'cannot_tell';
  /** Why, in a sentence (figures, not the key). */
  reason: string;
}

export class VideoGenError extends Error {
  readonly status?: number;
  readonly serverMessage?: string;
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;
  readonly mayHaveBeenBilled: boolean;
  readonly model?: string;
  readonly suggestedModel?: string;
  readonly billing?: BillingFinding;

  constructor(
    readonly code: VideoGenErrorCode,
    /** What happened, in words a user understands. */
    readonly summary: string,
    /** What the user can do about it. */
    readonly action: string,
    details: VideoGenErrorDetails = {},
  ) {
    super(VideoGenError.compose(code, summary, action, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'VideoGenError';
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.mayHaveBeenBilled = details.mayHaveBeenBilled ?? false;
    this.model = details.model;
    this.suggestedModel = details.suggestedModel;
    this.billing = details.billing;
  }

  /** The same error, with what the provider's usage says about billing. */
  withBilling(billing: BillingFinding): VideoGenError {
    return new VideoGenError(this.code, this.summary, this.action, {
      status: this.status,
      serverMessage: this.serverMessage,
      requestId: this.requestId,
      retryAfterSeconds: this.retryAfterSeconds,
      mayHaveBeenBilled: billing.verdict !== 'not_billed',
      model: this.model,
      suggestedModel: this.suggestedModel,
      billing,
      cause: this.cause,
    });
  }

  private static compose(code: string, summary: string, action: string, d: VideoGenErrorDetails): string {
    const server = d.serverMessage ? ` The server said: "${d.serverMessage}".` : '';
    const status = d.status !== undefined ? `HTTP ${d.status}, ` : '';
    const request = d.requestId ? `, request ${d.requestId}` : '';
    return `${summary}${server} ${action} (${status}${code}${request})`;
  }
}

export class InvalidRequestError extends VideoGenError {
  constructor(d: VideoGenErrorDetails) {
    super(
      'invalid_request_error',
      'The API rejected the request as invalid.',
      'Check the prompt, duration, quality and ratio, then try again.',
      d,
    );
  }
}

export class ModelLimitError extends VideoGenError {
  constructor(d: VideoGenErrorDetails) {
    super(
      'n_exceeds_model_limit',
      `The requested duration or quality is beyond what ${d.model ?? 'this model'} supports.`,
      'Lower the duration or pick a quality the model offers.',
      d,
    );
  }
}

export class InvalidApiKeyError extends VideoGenError {
  constructor(d: VideoGenErrorDetails) {
    super('invalid_api_key', 'The API key is missing or was refused.', 'Set a valid API key and try again.', d);
  }
}

export class PermissionDeniedError extends VideoGenError {
  constructor(d: VideoGenErrorDetails) {
    super(
      'permission_denied_error',
      `${d.model ?? 'This model'} is not available on your plan (video generation needs a Pro or Ultra plan).`,
      'Pick a model your plan includes, or upgrade the plan.',
      d,
    );
  }
}

export class RateLimitError extends VideoGenError {
  constructor(d: VideoGenErrorDetails) {
    const wait =
      d.retryAfterSeconds !== undefined ? `Wait ${formatSeconds(d.retryAfterSeconds)} and try again.` : 'Wait a while and try again.';
    super('rate_limit_exceeded', 'You have reached the rate limit or the daily quota.', wait, d);
  }
}

export class ProviderError extends VideoGenError {
  constructor(d: VideoGenErrorDetails) {
    super('provider_error', 'The video provider failed to produce the video.', 'Try again; if it keeps failing, try another model.', d);
  }
}

export class UpstreamTimeoutError extends VideoGenError {
  constructor(d: VideoGenErrorDetails) {
    super(
      'upstream_timeout',
      'The video provider took too long and the gateway gave up.',
      'Try again, perhaps with a shorter duration or a lighter model.',
      d,
    );
  }
}

export class ModelUnavailableError extends VideoGenError {
  constructor(d: VideoGenErrorDetails) {
    const suggestion = d.suggestedModel ? `Try ${d.suggestedModel} instead.` : 'Pick another model.';
    // API model ids carry their provider (`provider-2/...`): one without it was never going to work.
    const summary =
      d.model && !d.model.includes('/')
        ? `${d.model} is not a model the API serves: model ids start with their provider (such as provider-2/).`
        : `${d.model ?? 'The model'} is no longer served (it may have been retired).`;
    super('model_unavailable', summary, suggestion, d);
  }
}

export class NetworkError extends VideoGenError {
  /** Whether sending again could help (false: a proxy refused the credentials or the tunnel). */
  readonly retryable: boolean;
  constructor(summary: string, d: VideoGenErrorDetails & { retryable?: boolean; action?: string }) {
    super('network_error', summary, d.action ?? 'Check your connection and proxy settings, then try again.', d);
    this.retryable = d.retryable ?? true;
  }
}

/** The TLS handshake failed on the server's certificate: nothing reached the API, and trying again changes nothing. */
export class TlsError extends VideoGenError {
  constructor(summary: string, action: string, d: VideoGenErrorDetails) {
    super('tls_error', summary, action, { mayHaveBeenBilled: false, ...d });
  }
}

export class TimeoutError extends VideoGenError {
  constructor(summary: string, d: VideoGenErrorDetails) {
    super('timeout', summary, 'Try again, or raise the timeout setting for slow models.', d);
  }
}

export class CancelledError extends VideoGenError {
  constructor(d: VideoGenErrorDetails = {}) {
    super('cancelled', 'The generation was cancelled.', 'Nothing was saved.', d);
  }
}

export class BadResponseError extends VideoGenError {
  constructor(summary: string, d: VideoGenErrorDetails) {
    super('bad_response', summary, 'Try again later; if it persists, check the base URL and any proxy, and look at the log.', d);
  }
}

export class SaveFailedError extends VideoGenError {
  constructor(summary: string, d: VideoGenErrorDetails) {
    super('save_failed', summary, 'Free some disk space or check that the output folder is writable, then try again.', d);
  }
}

export { formatSeconds };
