// The page's own words. The extension localizes them with vscode.l10n and hands them over as JSON
// in a data attribute, so the page never holds an English string of its own.

import { SOUND_ROUTE_STRING_KEYS } from './soundRouteStrings';

export const PANEL_STRING_KEYS = [
  'premium',
  'unverified',
  'modelNotOffered',
  'unavailableModel',
  'frameHint',
  'promptCount',
  'seconds',
  'durationOption',
  'ratio16x9',
  'ratio9x16',
  'ratio1x1',
  'ratio4x3',
  'ratio3x4',
  'phaseStarting',
  'phaseConnecting',
  'phaseWaiting',
  'phaseReceiving',
  'phaseDownloading',
  'phaseSaving',
  'jobLine',
  'jobReceived',
  'cancel',
  'cancelJob',
  'fromElsewhere',
  'noVideo',
  'videoLabel',
  'resolution',
  'duration',
  'size',
  'videoCodec',
  'audioCodec',
  'noAudio',
  'model',
  'settings',
  'prompt',
  'revisedPrompt',
  'savedAt',
  'path',
  'warnings',
  'silentNote',
  'openExternal',
  ...SOUND_ROUTE_STRING_KEYS,
  'audioRouteCopying',
  'audioRoutePreviewCopy',
  'audioCopyNoFfmpeg',
  'audioCopyFailed',
  'audioCopyCancelled',
  'audioCopyUnplayable',
  'reveal',
  'copyPath',
  'generateAgain',
  'play',
  'reuse',
  'playLabel',
  'reuseLabel',
  'historyEmpty',
  'galleryFilters',
  'galleryFilterText',
  'galleryAllModels',
  'galleryAllStoryboards',
  'galleryNoStoryboard',
  'galleryAnyDate',
  'galleryToday',
  'galleryWeek',
  'galleryMonth',
  'galleryCount',
  'galleryNoMatch',
  'galleryTile',
  'galleryShot',
  'galleryFrom',
  'discard',
  'discardLabel',
  'errorCode',
  'playerError',
  'promptRequired',
  'formFilled',
  'dismiss',
  'adviceDaily',
  'adviceBalanced',
  'adviceLonger',
  'advicePremium',
  'adviceUnverified',
  'costEstimate',
  'usageNone',
  'usageLine',
  'usageNoneToday',
  'usageOneVideo',
  'usageVideos',
  'usageWithModels',
  'usageModel',
  'usageModelSeparator',
  'usageTotalByModel',
  // Compare and promote
  'compareModels',
  'compareHeading',
  'comparePlay',
  'comparePause',
  'compareLoop',
  'compareSeek',
  'compareTime',
  'compareClose',
  'compareEmpty',
  'compareMissing',
  'compareTile',
  'compareElapsed',
  'compareKeep',
  'compareKept',
  'compareKeepLabel',
  'compareDiscard',
  'compareDiscardLabel',
  'comparePromote',
  'comparePromoteLabel',
  'promoteToFinal',
  'lineageFrom',
  'lineageFinals',
  'lineageGone',
] as const;

export type PanelStringKey = (typeof PANEL_STRING_KEYS)[number];
export type PanelStrings = Record<PanelStringKey, string>;

/** Reads the strings the extension embedded; a missing key shows as the key (a bug, not a crash). */
export function readStrings<K extends string>(json: string | undefined, keys: readonly K[]): Record<K, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? '{}');
  } catch {
    parsed = {};
  }
  const source = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const strings = {} as Record<K, string>;
  for (const key of keys) {
    const value = source[key];
    strings[key] = typeof value === 'string' ? value : key;
  }
  return strings;
}

export function readPanelStrings(json: string | undefined): PanelStrings {
  return readStrings(json, PANEL_STRING_KEYS);
}

/** `{0}`-style placeholders, as vscode.l10n uses them. */
export function fill(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}
