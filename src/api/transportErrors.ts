// How a failed connection reads to the user: cancelled, timed out waiting for headers or for the
// body, refused before anything was sent (safe to retry), or closed after the request went out
// (the call may have been billed), or refused on the server's TLS certificate (nothing was sent).
// Shared by every call to the API.
import { CancelledError, NetworkError, TimeoutError, TlsError, VideoGenError, formatSeconds } from './errors';
import { redactSecret } from './redact';

/** Connection failures that happen before the request could reach the server. */
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNABORTED',
]);

/** Every `code` in the error and its causes (undici and Node wrap one error in another). */
function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/** The first error in the chain that carries a certificate code, and what kind of refusal it is. */
function certificateFailure(err: unknown): { error: CertificateErrorLike; kind: CertificateProblem } | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    const kind = typeof code === 'string' ? certificateProblem(code) : undefined;
    if (kind) return { error: e as CertificateErrorLike, kind };
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

interface CertificateErrorLike {
  code: string;
  message?: string;
  /** Node attaches the peer certificate to a host-name mismatch (ERR_TLS_CERT_ALTNAME_INVALID). */
  cert?: {
    issuer?: Record<string, string | string[]>;
    subject?: Record<string, string | string[]>;
    valid_to?: string;
    subjectaltname?: string;
  };
  reason?: string;
  host?: string;
}

export type CertificateProblem = 'untrusted' | 'expired' | 'not_yet_valid' | 'wrong_host' | 'revoked' | 'invalid';

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
]);
const INVALID = new Set([
  'CERT_CHAIN_TOO_LONG',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'UNABLE_TO_GET_CRL',
  'CRL_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_SIGNATURE_FAILURE',
]);

/** Why a certificate is not trusted, in words. */
const UNTRUSTED_WHY: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a root CA this machine does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not among the CAs this machine trusts',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not among the CAs this machine trusts',
  UNABLE_TO_GET_ISSUER_CERT: 'its issuer is not among the CAs this machine trusts',
  CERT_SIGNATURE_FAILURE: 'its signature does not verify',
};

/** What a Node/OpenSSL certificate verification code means; undefined for any other code. */
export function certificateProblem(code: string): CertificateProblem | undefined {
  if (UNTRUSTED.has(code)) return 'untrusted';
  if (code === 'CERT_HAS_EXPIRED') return 'expired';
  if (code === 'CERT_NOT_YET_VALID') return 'not_yet_valid';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'wrong_host';
  if (code === 'CERT_REVOKED') return 'revoked';
  if (INVALID.has(code)) return 'invalid';
  return undefined;
}

/** A certificate's issuer (or subject) in a few words: its organization and common name. */
export function describeName(name: Record<string, string | string[]> | undefined): string | undefined {
  if (!name) return undefined;
  const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
  const parts = [one(name.O), one(name.CN)].filter((p): p is string => Boolean(p));
  return parts.length ? [...new Set(parts)].join(', ') : undefined;
}

/** What fixes a refused certificate, said once for the message, the README and Check Connection. */
export const CERTIFICATE_FIX =
  "If your network inspects TLS with its own certificate authority, add that CA to the system's certificate store (with VS Code's http.systemCertificates on) or name its file in NODE_EXTRA_CA_CERTS and restart VS Code. Turn http.proxyStrictSSL off only on a network you trust.";

/** The sentence for a refused certificate: what is wrong with it, for which host, issued by whom when known. */
export function certificateSummary(kind: CertificateProblem, code: string, host: string, issuer?: string, reason?: string): string {
  const by = issuer ? `, issued by ${issuer}` : '';
  const why = reason ? `: ${reason}` : '';
  switch (kind) {
    case 'untrusted':
      return `The server's certificate for ${host} is not trusted${by} (${code}: ${reason ?? UNTRUSTED_WHY[code] ?? 'it cannot be verified'}). Nothing was sent to the API.`;
    case 'expired':
      return `The server's certificate for ${host} has expired${by} (${code}). Nothing was sent to the API.`;
    case 'not_yet_valid':
      return `The server's certificate for ${host} is not valid yet${by} (${code}; check this computer's clock). Nothing was sent to the API.`;
    case 'wrong_host':
      return `The server's certificate is not for ${host}${by} (${code}${why}). Nothing was sent to the API.`;
    case 'revoked':
      return `The server's certificate for ${host} has been revoked${by} (${code}). Nothing was sent to the API.`;
    default:
      return `The server's certificate for ${host} was refused${by} (${code}${why}). Nothing was sent to the API.`;
  }
}

export /** Classifies a failure of the transport; `sent` says whether the request may have reached the server. */
function transportError(
  err: unknown,
  ctx: { signal?: AbortSignal; timeoutMs: number; stage: 'headers' | 'body'; apiKey: string; url?: string | URL },
): VideoGenError {
  if (err instanceof VideoGenError) return err;
  if (ctx.signal?.aborted) return new CancelledError({ mayHaveBeenBilled: ctx.stage === 'body' });
  const code = errorCodes(err)[0];
  // The certificate is checked in the handshake, before a byte of the request is sent: not billed,
  // and the same certificate will be refused again. (At the body stage, a download link's server:
  // the generation itself was made.)
  const certificate = certificateFailure(err);
  if (certificate) {
    const host = hostOf(ctx.url) ?? certificate.error.host ?? 'the API';
    const issuer = describeName(certificate.error.cert?.issuer);
    const cert = certificate.error.cert;
    const names = cert?.subjectaltname ?? (typeof cert?.subject?.CN === 'string' ? cert.subject.CN : undefined);
    const reason = certificate.kind === 'wrong_host' && names ? `it is for ${names.replace(/DNS:|IP Address:/g, '')}` : undefined;
    return new TlsError(
      certificateSummary(certificate.kind, certificate.error.code, host, issuer, reason && redactSecret(reason, ctx.apiKey)),
      `${CERTIFICATE_FIX} Video Gen: Check Connection shows the certificate and who issued it.`,
      { mayHaveBeenBilled: ctx.stage === 'body', cause: err },
    );
  }
  const detail = redactSecret(err instanceof Error ? err.message : String(err), ctx.apiKey);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new TimeoutError(`The API did not answer within ${formatSeconds(ctx.timeoutMs / 1000)}.`, {
      mayHaveBeenBilled: true,
      cause: err,
    });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new TimeoutError(`The video stopped arriving: nothing for ${formatSeconds(ctx.timeoutMs / 1000)}.`, {
      mayHaveBeenBilled: true,
      cause: err,
    });
  }
  // The proxy would not open a tunnel to the API (undici names its status): nothing reached the API.
  const tunnel = /Proxy response \((\d{3})\)/.exec(detail);
  if (tunnel) {
    const status = Number(tunnel[1]);
    // Sending the same credentials (or the same request to a proxy that forbids it) again changes nothing.
    return new NetworkError(
      status === 407
        ? 'The proxy asks for a user name and password (HTTP 407), or refused the ones given. Put them in the proxy address ("http.proxy": "http://user:password@host:port", or HTTPS_PROXY), or the whole header in http.proxyAuthorization. Nothing reached the API; it was not tried again.'
        : `The proxy refused to connect to the API (HTTP ${status}).`,
      { mayHaveBeenBilled: false, retryable: status >= 500, cause: err },
    );
  }
  if (code && CONNECT_FAILURES.has(code)) {
    return new NetworkError(`Could not connect to the API (${code}).`, { mayHaveBeenBilled: false, cause: err });
  }
  if (ctx.stage === 'body') {
    return new NetworkError(`The connection closed while the video was arriving (${code ?? detail}).`, {
      mayHaveBeenBilled: true,
      cause: err,
    });
  }
  return new NetworkError(`The connection failed before an answer arrived (${code ?? detail}).`, { mayHaveBeenBilled: true, cause: err });
}

function hostOf(url: string | URL | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
