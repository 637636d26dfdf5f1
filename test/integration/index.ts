// Entry point VS Code loads as `extensionTestsPath`: runs every integration suite with mocha inside
// the extension host, under code-server or under @vscode/test-electron alike.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHostMocha, runHostMocha } from './hostMocha';

export async function run(): Promise<void> {
  const mocha = createHostMocha();
  const suitesDir = join(__dirname, 'suites');
  // First, before any suite clears the notifications: the report of the jobs a previous window
  // lost comes once, shortly after activation.
  const first = 'generate-interrupted.test.js';
  mocha.addFile(join(suitesDir, first));
  for (const file of readdirSync(suitesDir).sort()) {
    if (file.endsWith('.test.js') && file !== first) mocha.addFile(join(suitesDir, file));
  }
  // Last, because it shuts the extension's generations down as a window reload would.
  mocha.addFile(join(__dirname, 'hardening', 'shutdown.test.js'));
  await runHostMocha(mocha, 'integration test(s)');
}
