// The words the Video Gen Player editor's page shows: their keys, and reading the set the extension
// localized (src/player/playerStrings.ts) and embedded in the page. The page itself holds none.

export const PLAYER_STRING_KEYS = [
  'videoLabel',
  'play',
  'pause',
  'previousFrame',
  'nextFrame',
  'loop',
  'speed',
  'saveFrame',
  'savingFrame',
  'frameSaved',
  'frameFailed',
  'frameNotDecoded',
  'frameNotEncoded',
  'timecode',
  'frameRateFromFile',
  'frameRateAssumed',
  'keyboardHint',
  'gone',
  'playerError',
  'provenanceHeading',
  'fileHeading',
  'noSidecar',
  'prompt',
  'revisedPrompt',
  'model',
  'settings',
  'created',
  'savedAt',
  'sha256',
  'hashChecking',
  'hashMatches',
  'hashDiffers',
  'hashFailed',
  'storyboard',
  'derivedFrom',
  'derivedFromMissing',
  'openDraft',
  'openStoryboard',
  'resolution',
  'duration',
  'seconds',
  'size',
  'videoCodec',
  'audioCodec',
  'noAudio',
  'frameRate',
  'fps',
  'path',
  'unreadable',
  'readByBrowser',
  'warnings',
  'silentNote',
  'generateAgain',
  'promoteToFinal',
  'reveal',
  'copyPath',
  'actionsLabel',
  'controlsLabel',
] as const;

export type PlayerStringKey = (typeof PLAYER_STRING_KEYS)[number];
export type PlayerStrings = Record<PlayerStringKey, string>;

/** Reads the strings the extension embedded; a missing key shows as the key (a bug, not a crash). */
export function readPlayerStrings(json: string | undefined): PlayerStrings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? '{}');
  } catch {
    parsed = {};
  }
  const source = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const strings = {} as PlayerStrings;
  for (const key of PLAYER_STRING_KEYS) {
    const value = source[key];
    strings[key] = typeof value === 'string' ? value : key;
  }
  return strings;
}

export { fill } from './strings';
