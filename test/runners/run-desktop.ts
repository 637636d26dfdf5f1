// Runs the same integration suites under @vscode/test-electron, for machines that can download
// VS Code desktop (it fetches VS Code from Microsoft's servers; offline machines use run-code-server).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startEmulator } from '../emulator/server';
import { INTEGRATION_API_KEY } from '../integration/env';
import { VSCODE_VERSION } from './host-install';

async function main(): Promise<void> {
  const projectRoot = resolve(__dirname, '..', '..', '..');
  const workDir = mkdtempSync(join(tmpdir(), 'video-gen-desktop-'));
  const workspaceDir = join(workDir, 'workspace');
  const userDataDir = join(workDir, 'user-data');
  mkdirSync(workspaceDir, { recursive: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const emulator = await startEmulator({ apiKeys: [INTEGRATION_API_KEY] });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'videoGen.baseUrl': emulator.baseUrl, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off' }),
  );
  try {
    await runTests({
      version: process.env.VIDEO_GEN_DESKTOP_VERSION ?? VSCODE_VERSION,
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: join(projectRoot, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspaceDir, '--user-data-dir', userDataDir, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { VIDEO_GEN_TEST_EMULATOR_URL: emulator.url, VIDEO_GEN_TEST_HOST: 'desktop' },
    });
  } finally {
    await emulator.close();
  }
}

main().catch((err) => {
  process.stderr.write(`Integration tests under VS Code desktop failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
