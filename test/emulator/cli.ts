// `npm run emulator`: runs the API emulator in the foreground for demos and manual testing.
//   --port <n>        API port (default 8787, or EMULATOR_PORT)
//   --files-port <n>  download port (default: any free one, or EMULATOR_FILES_PORT)
//   --key <key>       accepted API key, repeatable (default test-key, or EMULATOR_API_KEY)
//   --max-lifetime-ms <n>  stop by itself after this long (or EMULATOR_MAX_LIFETIME_MS)
//   --idle-timeout-ms <n>  stop by itself after this long without requests (or EMULATOR_IDLE_TIMEOUT_MS)
//   --quiet           do not print each request
import { startEmulator } from './server';

interface CliArgs {
  port: number;
  filesPort: number;
  keys: string[];
  quiet: boolean;
  maxLifetimeMs?: number;
  idleTimeoutMs?: number;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  const keys: string[] = [];
  let port = env.EMULATOR_PORT ? Number(env.EMULATOR_PORT) : 8787;
  let filesPort = env.EMULATOR_FILES_PORT ? Number(env.EMULATOR_FILES_PORT) : 0;
  let quiet = false;
  let maxLifetimeMs = env.EMULATOR_MAX_LIFETIME_MS ? Number(env.EMULATOR_MAX_LIFETIME_MS) : undefined;
  let idleTimeoutMs = env.EMULATOR_IDLE_TIMEOUT_MS ? Number(env.EMULATOR_IDLE_TIMEOUT_MS) : undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--port':
        port = Number(value());
        break;
      case '--files-port':
        filesPort = Number(value());
        break;
      case '--key':
        keys.push(value());
        break;
      case '--max-lifetime-ms':
        maxLifetimeMs = Number(value());
        break;
      case '--idle-timeout-ms':
        idleTimeoutMs = Number(value());
        break;
      case '--quiet':
        quiet = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(
          'usage: emulator [--port 8787] [--files-port N] [--key KEY]... [--max-lifetime-ms N] [--idle-timeout-ms N] [--quiet]\n',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  for (const [label, p] of [
    ['--port', port],
    ['--files-port', filesPort],
  ] as const) {
    if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error(`${label}: not a port number`);
  }
  for (const [label, ms] of [
    ['--max-lifetime-ms', maxLifetimeMs],
    ['--idle-timeout-ms', idleTimeoutMs],
  ] as const) {
    if (ms !== undefined && (!Number.isInteger(ms) || ms <= 0)) throw new Error(`${label}: not a positive integer`);
  }
  if (!keys.length) keys.push(env.EMULATOR_API_KEY || 'test-key');
  return { port, filesPort, keys, quiet, maxLifetimeMs, idleTimeoutMs };
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const emulator = await startEmulator({
    port: args.port,
    filesPort: args.filesPort,
    apiKeys: args.keys,
    maxLifetimeMs: args.maxLifetimeMs,
    idleTimeoutMs: args.idleTimeoutMs,
    onRequest: args.quiet
      ? undefined
      : (e) => {
          const extra =
            e.scenario && e.scenario !== 'success' ? ` [${e.scenario}${e.scenarioSource ? ` via ${e.scenarioSource}` : ''}]` : '';
          process.stdout.write(
            `${e.time} ${e.listener} ${e.method} ${e.path} -> ${e.status ?? '-'} ${e.outcome ?? ''} ${e.durationMs ?? 0}ms${extra}\n`,
          );
        },
  });
  process.stdout.write(
    [
      'Video Gen API emulator',
      `  base URL:  ${emulator.baseUrl}`,
      `  API key:   ${args.keys.join(', ')}`,
      `  files:     ${emulator.filesUrl}`,
      `  admin:     ${emulator.url}/__emulator/{scenarios,reset,requests,health}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (signal: string): void => {
    process.stdout.write(`\n${signal}: stopping\n`);
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await emulator.closed;
  // Reached when it stopped by itself (lifetime or idle limit).
  process.stdout.write('emulator stopped\n');
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
