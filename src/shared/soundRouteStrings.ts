// The words that say how a clip's AAC sound plays (native, decoded, silent and why): shown by the
// panel's player and the player editor alike, localized once (src/panel/soundRouteStrings.ts).

export const SOUND_ROUTE_STRING_KEYS = [
  'audioRouteChecking',
  'audioRouteNative',
  'audioRouteDecoded',
  'audioRouteSilent',
  'audioReasonNoTrack',
  'audioReasonNoDecoder',
  'audioReasonNoWebAudio',
  'audioReasonDecodeFailed',
] as const;

export type SoundRouteStrings = Record<(typeof SOUND_ROUTE_STRING_KEYS)[number], string>;
