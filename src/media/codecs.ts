// Friendly codec names and what VS Code's webviews can play. VS Code ships a Chromium media stack
// without the patented codecs it is not licensed for: H.264 video plays, AAC audio does not (the
// clip plays silently), HEVC does not play at all.

const VIDEO_NAMES: Readonly<Record<string, string>> = {
  avc1: 'H.264', avc3: 'H.264',
  hvc1: 'HEVC', hev1: 'HEVC', dvh1: 'HEVC (Dolby Vision)', dvhe: 'HEVC (Dolby Vision)',
  dva1: 'H.264 (Dolby Vision)', dvav: 'H.264 (Dolby Vision)',
  av01: 'AV1', vp08: 'VP8', vp09: 'VP9',
  mp4v: 'MPEG-4 Part 2', s263: 'H.263', h263: 'H.263',
  jpeg: 'Motion JPEG', mjpa: 'Motion JPEG', mjpb: 'Motion JPEG',
  apch: 'ProRes', apcn: 'ProRes', apcs: 'ProRes', apco: 'ProRes', ap4h: 'ProRes', ap4x: 'ProRes',
};

const AUDIO_NAMES: Readonly<Record<string, string>> = {
  mp4a: 'AAC', Opus: 'Opus', fLaC: 'FLAC', '.mp3': 'MP3', 'ac-3': 'AC-3', 'ec-3': 'E-AC-3', 'ac-4': 'AC-4',
  alac: 'ALAC', samr: 'AMR', sawb: 'AMR-WB', lpcm: 'PCM', ipcm: 'PCM', fpcm: 'PCM', sowt: 'PCM', twos: 'PCM',
};

/**
 * What an `mp4a` entry really holds, by the MPEG-4 objectTypeIndication of its `esds`: `mp4a` is a
 * wrapper, and while it is AAC almost always, MP3 in MP4 uses it too.
 */
const MP4A_OBJECT_TYPES: Readonly<Record<number, string>> = {
  0x40: 'AAC', 0x66: 'AAC', 0x67: 'AAC', 0x68: 'AAC', 0x69: 'MP3', 0x6b: 'MP3', 0xa5: 'AC-3', 0xa6: 'E-AC-3', 0xad: 'Opus', 0xdd: 'Vorbis',
};

export function videoCodecName(fourcc: string): string {
  return VIDEO_NAMES[fourcc] ?? fourcc;
}

export function audioCodecName(fourcc: string, objectType?: number): string {
  if (fourcc === 'mp4a' && objectType !== undefined) return MP4A_OBJECT_TYPES[objectType] ?? `MPEG-4 audio (0x${objectType.toString(16)})`;
  return AUDIO_NAMES[fourcc] ?? fourcc;
}

/** Only H.264 is known to play; anything else (HEVC, ProRes, ...) is reported as not playable. */
export function videoPlaysInVsCode(fourcc: string): boolean {
  return fourcc === 'avc1' || fourcc === 'avc3';
}

/**
 * Royalty-free codecs Chromium decodes on its own. AAC is the common case that does not play in VS
 * Code; AC-3, ALAC and unknown codecs are treated the same way, since nothing says they would.
 */
export function audioPlaysInVsCode(codecName: string): boolean {
  return codecName === 'Opus' || codecName === 'FLAC' || codecName === 'MP3' || codecName === 'Vorbis';
}
