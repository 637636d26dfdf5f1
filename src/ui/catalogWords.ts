// The catalog's words (advice levels, ratios, the general limits) as the user reads them, each
// through `vscode.l10n.t` with a literal so it can be extracted for translation. The English
// matches ADVICE_INFO in src/catalog/capabilities.ts, which stays the wording for logs and tests.
import * as vscode from 'vscode';
import { MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, type Advice, type Ratio } from '../catalog';

export function adviceLabel(level: Advice): string {
  switch (level) {
    case 'daily':
      return vscode.l10n.t('Daily use (lighter)');
    case 'balanced':
      return vscode.l10n.t('Balanced');
    case 'longer':
      return vscode.l10n.t('Longer videos');
    case 'premium':
      return vscode.l10n.t('Use sparingly (premium)');
  }
}

export function adviceDescription(level: Advice): string {
  switch (level) {
    case 'daily':
      return vscode.l10n.t('Lighter model: start here for testing and iteration.');
    case 'balanced':
      return vscode.l10n.t('A middle ground between cost and quality.');
    case 'longer':
      return vscode.l10n.t('Goes up to {0} seconds, the longest available.', MAX_DURATION_SECONDS);
    case 'premium':
      return vscode.l10n.t('Premium quality at a high cost: use when quality truly matters.');
  }
}

/** Said of a model the documentation does not list: the limits it is checked against are assumed. */
export function unverifiedAdvice(): string {
  return vscode.l10n.t(
    'Unverified: limits not documented, general ones assumed ({0}–{1} s, all qualities)',
    MIN_DURATION_SECONDS,
    MAX_DURATION_SECONDS,
  );
}

export function ratioLabel(ratio: Ratio): string {
  switch (ratio) {
    case '16:9':
      return vscode.l10n.t('Landscape');
    case '9:16':
      return vscode.l10n.t('Portrait (vertical video)');
    case '1:1':
      return vscode.l10n.t('Square');
    case '4:3':
      return vscode.l10n.t('Landscape 4:3');
    case '3:4':
      return vscode.l10n.t('Portrait 3:4');
  }
}

/** " · with sound" when the API's `?features` says the model's clips carry audio; '' when it does not say. */
export function soundHint(features: readonly string[] | undefined): string {
  return features?.some((f) => /^(audio|sound)$/i.test(f)) ? ' · ' + vscode.l10n.t('with sound') : '';
}
