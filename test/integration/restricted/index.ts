// Entry point of the Restricted Mode run (test/runners/run-restricted.ts): the folder opens
// untrusted, with workspace settings a cloned repository could hold.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { screenshot } from '../env';

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 60_000,
    grep: process.env.VIDEO_GEN_TEST_GREP || undefined,
  });
  mocha.rootHooks({
    afterEach: async function (this: Mocha.Context) {
      if (this.currentTest?.state === 'failed') await screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    },
  });
  for (const file of readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} Restricted Mode test(s) failed`);
}
