// Accessibility, measured: axe-core runs against the panel (form, player, the gallery of takes) and
// the Video Gen Player editor in the test host in light, dark and both high-contrast themes; no
// serious or critical violation is allowed. (The compare view's run is in compare.test.ts.)
// The figures go to test-results/accessibility.json and the README's Accessibility section.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AutomationResult } from '../../../src/commands/generateCommands';
import { axeViolations, seriousOrCritical, type AxeViolation } from '../accessibility';
import { INTEGRATION_API_KEY, driverUrl } from '../env';
import { waitForForm, waitInPanel } from '../webviewHelpers';

const THEMES = ['Default Light Modern', 'Default Dark Modern', 'Default High Contrast', 'Default High Contrast Light'];
const PANEL = '[data-video-gen-panel]';
const PLAYER = '[data-video-gen-player]';

interface ThemeFigures {
  theme: string;
  page: string;
  violations: number;
  seriousOrCritical: number;
  ids: string[];
}

describe('Accessibility: axe-core in every theme', function () {
  this.timeout(180_000);
  const figures: ThemeFigures[] = [];
  let previousTheme: string | undefined;
  let clip: vscode.Uri | undefined;

  before(async function () {
    if (!driverUrl()) this.skip();
    await vscode.extensions.getExtension('videogen.video-gen')?.activate();
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    previousTheme = vscode.workspace.getConfiguration('workbench').inspect<string>('colorTheme')?.globalValue;
    // A saved video, so the player and the history list are on the page too.
    const result = await vscode.commands.executeCommand<AutomationResult>('videoGen.generate', {
      prompt: 'An accessible take of a lighthouse at dusk',
      model: 'provider-2/kling-v2.1',
      quality: '720p',
      duration: 1,
      ratio: '16:9',
    });
    assert.ok(result.files[0]);
    clip = result.files[0].uri;
    await vscode.commands.executeCommand('videoGen.openPanel');
    await waitForForm();
    await waitInPanel<number>(
      `return document.querySelectorAll('.history-item, [data-id]').length;`,
      (n) => n > 0,
      'a take in the history',
    );
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
    if (figures.length) {
      const dir = join(__dirname, '..', '..', '..', '..', 'test-results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'accessibility.json'), JSON.stringify(figures, null, 2) + '\n');
    }
  });

  /** Switches the theme, runs axe-core in the page holding `marker`, records the figures, fails on serious ones. */
  async function check(page: string, marker: string, theme: string): Promise<void> {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 1500));
    const violations: AxeViolation[] = await axeViolations(marker);
    const bad = seriousOrCritical(violations);
    figures.push({
      theme,
      page,
      violations: violations.length,
      seriousOrCritical: bad.length,
      ids: violations.map((v) => `${v.id} (${v.impact})`),
    });
    assert.deepEqual(
      bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`),
      [],
      `axe-core in ${theme}`,
    );
  }

  for (const theme of THEMES) {
    it(`the panel has no serious or critical violation in ${theme}`, () => check('panel', PANEL, theme));
  }
  for (const theme of THEMES) {
    it(`the Video Gen Player editor has no serious or critical violation in ${theme}`, async () => {
      await vscode.commands.executeCommand('vscode.openWith', clip, 'videoGen.player');
      await check('player editor', PLAYER, theme);
    });
  }
});
