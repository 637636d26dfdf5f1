// What the probe reports about an MP4. Types only, shared by the probe and its box parsers.

export type Rotation = 0 | 90 | 180 | 270;

export interface Mp4VideoTrack {
  /** Sample entry type, e.g. 'avc1', 'hvc1'. */
  codec: string;
  /** e.g. 'H.264', 'HEVC'. */
  codecName: string;
  /** Presentation size from the track header, before rotation (the sample entry's when tkhd has none). */
  width: number;
  height: number;
  /** Size from the sample entry (what the encoder wrote); 0 when the entry has none. */
  codedWidth: number;
  codedHeight: number;
  /** Clockwise rotation a player applies, from the track matrix. */
  rotation: Rotation;
  durationSeconds: number;
}

export interface Mp4AudioTrack {
  /** Sample entry type, e.g. 'mp4a', 'Opus'. */
  codec: string;
  /** e.g. 'AAC', 'MP3', 'Opus'. */
  codecName: string;
  channels: number;
  sampleRate: number;
  durationSeconds: number;
}

export interface VsCodePlayability {
  /** The video track is H.264, the only video codec VS Code's webviews are known to play. */
  video: boolean;
  /** The audio track plays in VS Code's webviews; null when there is no audio track. */
  audio: boolean | null;
  /** There is audio, but VS Code plays the clip without it (AAC, the usual case, and others). */
  silentInVsCode: boolean;
}

export interface Mp4Metadata {
  fileSize: number;
  durationSeconds: number;
  /** Size as displayed (video track, rotation applied); 0 when there is no video track. */
  width: number;
  height: number;
  video: Mp4VideoTrack | null;
  audio: Mp4AudioTrack | null;
  majorBrand: string | null;
  compatibleBrands: string[];
  /** `moov` comes before `mdat` ("faststart"): players can start before the whole file arrives. */
  moovBeforeMdat: boolean;
  /** Fragmented MP4 (`mvex` in `moov`): the duration then comes from `mehd` or the tracks. */
  fragmented: boolean;
  playableInVsCode: VsCodePlayability;
  /** Top-level boxes in file order (sizes as they span the file). */
  topLevelBoxes: Array<{ type: string; offset: number; size: number }>;
}

/** What the extension keeps and shows of an MP4 (sidecars, saved-video info, the panel). */
export interface Mp4Summary {
  width: number;
  height: number;
  durationSeconds: number;
  videoCodec: string | null;
  audioCodec: string | null;
  /** There is audio, but VS Code plays the clip without it. */
  silentInVsCode: boolean;
  /** The video track plays in VS Code's webviews. */
  playableInVsCode: boolean;
}

export function summarizeMp4(metadata: Mp4Metadata): Mp4Summary {
  return {
    width: metadata.width,
    height: metadata.height,
    durationSeconds: metadata.durationSeconds,
    videoCodec: metadata.video?.codecName ?? null,
    audioCodec: metadata.audio?.codecName ?? null,
    silentInVsCode: metadata.playableInVsCode.silentInVsCode,
    playableInVsCode: metadata.playableInVsCode.video,
  };
}
