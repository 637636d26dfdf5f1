// `npm start`: the whole extension against the API emulator, no account needed.
// Builds (done by the npm script), starts the emulator with a demo key, and opens the extension in a
// real VS Code: VS Code desktop when `code` is on the PATH (in a throwaway profile), otherwise the
// offline code-server host, printing the URL to open in a browser. Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { startEmulator } from '../emulator/server';
import { launchCodeServer, QUIET_SETTINGS, workbenchUrl } from './code-server';
import { ensureCodeServer, ensureDebianPackages, HostSetupError, VSCODE_VERSION } from './host-install';

const DEMO_KEY = 'demo-key';
const projectRoot = resolve(__dirname, '..', '..', '..');

function hasDesktopCode(): boolean {
  if (process.env.VIDEO_GEN_START_HOST === 'code-server') return false;
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function main(): Promise<void> {
  const demoDir = join(projectRoot, '.vscode-test', 'demo');
  const workspaceDir = join(demoDir, 'workspace');
  mkdirSync(workspaceDir, { recursive: true });
  const emulator = await startEmulator({ apiKeys: [DEMO_KEY], port: Number(process.env.EMULATOR_PORT ?? 0) });
  const stops: Array<() => void> = [];
  const shutdown = (): void => {
    for (const stop of stops) stop();
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const settings = { 'videoGen.baseUrl': emulator.baseUrl };
  let where: string;
  if (hasDesktopCode()) {
    const userDataDir = join(demoDir, 'desktop-profile');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
    const code = spawn(
      'code',
      ['--new-window', '--wait', '--user-data-dir', userDataDir, `--extensionDevelopmentPath=${projectRoot}`, workspaceDir],
      {
        stdio: 'ignore',
      },
    );
    code.on('exit', shutdown);
    stops.push(() => code.kill());
    where = 'VS Code desktop opened in a separate profile.';
  } else {
    ensureDebianPackages();
    const install = ensureCodeServer(projectRoot);
    const server = await launchCodeServer({
      entry: install.entry,
      workDir: join(demoDir, 'code-server'),
      userSettings: settings,
      env: {},
      port: Number(process.env.VIDEO_GEN_START_PORT ?? 0) || undefined,
    });
    stops.push(server.stop);
    where = `Open this URL in a browser (VS Code ${VSCODE_VERSION}):\n\n    ${workbenchUrl(server.port, workspaceDir, projectRoot)}\n`;
  }
  process.stdout.write(
    `\nVideo Gen is running against the API emulator at ${emulator.baseUrl} (nothing is paid, nothing leaves this machine).\n` +
      `${where}\n` +
      `In VS Code: run "Video Gen: Set API Key" and enter the demo key "${DEMO_KEY}", then "Video Gen: Open Video Generator".\n` +
      `Videos land in ${workspaceDir}. Press Ctrl+C to stop.\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof HostSetupError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
