// A TLS front for a plain-HTTP server on loopback (the API emulator): it terminates TLS with the
// given certificate and pipes each connection to the target, so the whole API is served over
// https. It counts the TCP connections it accepted and the handshakes that completed, so a test can
// tell a refused certificate (no handshake, nothing forwarded) from a request that got through.
import { connect, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import type { KeyPair } from './tlsServers';

export interface TlsFront {
  port: number;
  /** `https://127.0.0.1:{port}/v1` */
  baseUrl: string;
  /** TCP connections accepted. */
  connections(): number;
  /** Handshakes that completed (each one forwarded to the target). */
  handshakes(): number;
  close(): Promise<void>;
}

export async function startTlsFront(pair: KeyPair, targetPort: number): Promise<TlsFront> {
  let connections = 0;
  let handshakes = 0;
  const sockets = new Set<Socket>();
  const server = createServer({ key: pair.key, cert: pair.cert }, (client: TLSSocket) => {
    handshakes++;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    baseUrl: `https://127.0.0.1:${port}/v1`,
    connections: () => connections,
    handshakes: () => handshakes,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
