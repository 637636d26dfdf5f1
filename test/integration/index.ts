// Entry point VS Code loads as `extensionTestsPath`: runs every integration suite with mocha inside
// the extension host, under code-server or under @vscode/test-electron alike.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { screenshot } from './env';

export async function run(): Promise<void> {
  // The web workbench forwards the extension host's console joined with spaces, without applying
  // printf-style formats; format each line here so mocha's summary reads as it does in a terminal.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  // VIDEO_GEN_TEST_GREP narrows a run to matching tests while working on them.
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 60_000,
    grep: process.env.VIDEO_GEN_TEST_GREP || undefined,
  });
  // A test that fails half-way through a quick input or a modal must not leave it over the next
  // test's clicks and keystrokes: one failure stays one failure.
  mocha.rootHooks({
    afterEach: async function (this: Mocha.Context) {
      const test = this.currentTest;
      // The workbench as it was when the test failed, before anything is cleaned up.
      if (test?.state === 'failed') await screenshot(`failed-${test.fullTitle()}`).catch(() => undefined);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    },
  });
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
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
