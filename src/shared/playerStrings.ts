// The words the Video Gen Player editor's page shows: their keys, and reading the set the extension
// localized (src/player/playerStrings.ts) and embedded in the page. The page itself holds none.
import { SOUND_ROUTE_STRING_KEYS } from './soundRouteStrings';
import { readStrings } from './strings';

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
  ...SOUND_ROUTE_STRING_KEYS,
  'generateAgain',
  'promoteToFinal',
  'reveal',
  'copyPath',
  'actionsLabel',
  'controlsLabel',
] as const;

export type PlayerStringKey = (typeof PLAYER_STRING_KEYS)[number];
export type PlayerStrings = Record<PlayerStringKey, string>;

export function readPlayerStrings(json: string | undefined): PlayerStrings {
  return readStrings(json, PLAYER_STRING_KEYS);
}

export { fill } from './strings';
