// Mocha as the integration entry points run it inside the extension host: the console formatted as
// in a terminal, VIDEO_GEN_TEST_GREP to narrow a run, and after each test a screenshot when it
// failed and no quick input left open over the next test.
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { screenshot } from './env';

export function createHostMocha(): Mocha {
  // The web workbench forwards the extension host's console joined with spaces, without applying
  // printf-style formats; format each line here so mocha's summary reads as it does in a terminal.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
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
  return mocha;
}

/** Runs the files added; rejects naming how many of `what` failed. */
export async function runHostMocha(mocha: Mocha, what: string): Promise<void> {
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} ${what} failed`);
}
