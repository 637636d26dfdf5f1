// Throwaway certificates and TLS servers for tests: a CA made at test time (openssl), server
// certificates it signs (valid, expired, for another host) and a self-signed one. Each server counts
// the TCP connections it accepted, so a test can tell one attempt from a retry.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  /** The test CA's certificate (PEM): trust it to make its certificates pass. */
  ca: string;
  /** Valid for 127.0.0.1 and localhost, signed by the CA. */
  good: KeyPair;
  /** For 127.0.0.1, signed by the CA, expired in 2020. */
  expired: KeyPair;
  /** Signed by the CA, for api.example.test only. */
  wrongHost: KeyPair;
  /** Self-signed, for 127.0.0.1. */
  selfSigned: KeyPair;
  dispose(): void;
}

export interface KeyPair {
  key: string;
  cert: string;
}

const CA_CONFIG = `[ ca ]
default_ca = test_ca
[ test_ca ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = CA:FALSE
subjectAltName = IP:127.0.0.1
`;

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'video-gen-tls-'));
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '3',
    '-subj',
    '/O=Video Gen Tests/CN=Video Gen Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'self.key',
    '-out',
    'self.crt',
    '-days',
    '3',
    '-subj',
    '/O=Self Signed Test/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  );
  const signed = (name: string, san: string, days?: [string, string]): KeyPair => {
    ssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), `basicConstraints = CA:FALSE\nsubjectAltName = ${san}\n`);
    if (days) {
      writeFileSync(join(dir, 'index.txt'), '');
      writeFileSync(join(dir, 'serial'), '1000\n');
      writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
      ssl(
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-cert',
        'ca.crt',
        '-keyfile',
        'ca.key',
        '-in',
        `${name}.csr`,
        '-out',
        `${name}.crt`,
        '-startdate',
        days[0],
        '-enddate',
        days[1],
        '-extfile',
        `${name}.ext`,
        '-notext',
      );
    } else {
      ssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.crt`,
        '-days',
        '3',
        '-extfile',
        `${name}.ext`,
      );
    }
    return { key: read(`${name}.key`), cert: read(`${name}.crt`) };
  };
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  const certs: TestCertificates = {
    ca: read('ca.crt'),
    good: signed('good', 'IP:127.0.0.1,DNS:localhost'),
    expired: signed('expired', 'IP:127.0.0.1,DNS:localhost', ['20200101000000Z', '20200201000000Z']),
    wrongHost: signed('wronghost', 'DNS:api.example.test'),
    selfSigned: { key: read('self.key'), cert: read('self.crt') },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
  return certs;
}

export interface TestTlsServer {
  port: number;
  /** `https://127.0.0.1:{port}/v1` */
  baseUrl: string;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** An HTTPS server with `pair`; it answers every request with `answer` (404 when none). */
export async function startTlsServer(pair: KeyPair, answer?: (path: string) => { status: number; json: unknown }): Promise<TestTlsServer> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
    const a = answer?.(req.url ?? '/') ?? { status: 404, json: { error: { message: 'not here' } } };
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.json));
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
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
