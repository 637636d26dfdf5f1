// The MP4 probe's public surface: import from here rather than from the files behind it.
export * from './codecs';
export * from './compareWithRequest';
export * from './mp4Probe';
export { bufferSource, openFileSource, type ByteSource } from './byteSource';
export { readAacPackets, readAacTrack, type AacTrack } from './aacTrack';
export { summarizeMp4, type Mp4Summary } from './mp4Metadata';
