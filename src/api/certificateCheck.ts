// The server certificate check of every request, done where the certificate can still be read.
// Node refuses an untrusted certificate by destroying the socket with an error that names only the
// OpenSSL code (no certificate, so no issuer). Here the handshake runs with Node's verdict recorded
// instead of enforced, and the connector refuses the socket itself before undici may write a byte
// on it, with an error that carries the code, the peer certificate and the host: the message can
// then say who issued the certificate. The verdict is Node's own (chain and host name alike).
import type { TLSSocket } from 'node:tls';
import { buildConnector, type Dispatcher, type ProxyAgent } from 'undici';

/** A connector that hands undici only sockets whose certificate Node found trustworthy. */
export function refusingUntrusted(base: buildConnector.connector): buildConnector.connector {
  return (options, callback) =>
    base(options, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error('no socket'), null);
        return;
      }
      const tls = socket as TLSSocket;
      if (tls.encrypted && !tls.authorized) {
        const code = String(tls.authorizationError ?? 'CERT_UNTRUSTED');
        const cert = tls.getPeerCertificate();
        tls.destroy();
        const refusal = Object.assign(new Error(`The server's certificate was refused (${code}).`), {
          code,
          cert,
          host: options.hostname,
        });
        callback(refusal, null);
        return;
      }
      callback(null, socket);
    });
}

/** undici's own connector with the certificate verdict recorded, not enforced, then refusingUntrusted(). */
export function verifyingConnector(tls: object, timeoutMs: number): buildConnector.connector {
  return refusingUntrusted(buildConnector({ ...tls, rejectUnauthorized: false, timeout: timeoutMs }));
}

/**
 * Makes a ProxyAgent check the API's certificate (inside the tunnel) through refusingUntrusted().
 * undici keeps that connector in a private field, named by a symbol's description; false when
 * this undici has no such field (the caller then builds a ProxyAgent that lets Node refuse).
 */
export function verifyTunnelledCertificates(agent: ProxyAgent | Dispatcher): boolean {
  const key = Object.getOwnPropertySymbols(agent).find((s) => s.description === 'connect endpoint function');
  const fields = agent as unknown as Record<symbol, unknown>;
  const base = key ? fields[key] : undefined;
  if (!key || typeof base !== 'function') return false;
  fields[key] = refusingUntrusted(base as buildConnector.connector);
  return true;
}
