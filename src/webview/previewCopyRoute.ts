// The page's half of the preview-copy route: which silent cases a copy made by the user's ffmpeg
// can help, the words for the outcome, and switching the <video> to the copy (position, rate and
// playing kept; the clip restored when the copy does not load).
import type { AudioRoute } from './audio/decodedAudio';
import type { ToWebviewMessage } from '../shared/protocol';
import { fill, type PanelStrings } from '../shared/strings';

export type SilentRoute = Extract<AudioRoute, { kind: 'silent' }>;
export type CopyableReason = 'no-decoder' | 'no-web-audio' | 'decode-failed';
export type PreviewCopyAnswer = Extract<ToWebviewMessage, { type: 'previewCopy' }>;

/** The routes the player shows beyond the decoder's own. */
export type PreviewRoute =
  | { kind: 'copying'; silent: SilentRoute }
  | { kind: 'preview-copy'; codec: 'flac' | 'mp3'; cached: boolean }
  | (SilentRoute & { copyNote: string });

/** The decoder's silence a preview copy may end (not a clip without a readable AAC track). */
export function copyableReason(route: AudioRoute): CopyableReason | null {
  return route.kind === 'silent' && route.reason !== 'no-track' ? route.reason : null;
}

/** Why there is no copy, in the page's words (added to the silent route's text). */
export function noCopyNote(answer: PreviewCopyAnswer, strings: PanelStrings): string {
  switch (answer.problem) {
    case 'no-ffmpeg':
      return strings.audioCopyNoFfmpeg;
    case 'cancelled':
      return strings.audioCopyCancelled;
    default:
      return fill(strings.audioCopyFailed, answer.detail);
  }
}

/** Marks the element while the copy loads, so the player does not report the copy's error as its own. */
export const LOADING_COPY = 'loading';

/** Plays `src` (the copy) in `video` where the clip was; rejects with the media error, the clip back. */
export function switchToCopy(video: HTMLVideoElement, src: string): Promise<void> {
  const original = video.getAttribute('src') ?? '';
  const time = video.currentTime;
  const rate = video.playbackRate;
  const playing = !video.paused && !video.ended;
  video.dataset.previewCopy = LOADING_COPY;
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      video.removeEventListener('loadedmetadata', onLoaded);
      video.removeEventListener('error', onError);
    };
    const onLoaded = (): void => {
      settle();
      video.dataset.previewCopy = 'playing';
      video.currentTime = time;
      video.playbackRate = rate;
      if (playing) void video.play().catch(() => undefined);
      resolve();
    };
    const onError = (): void => {
      settle();
      const message = video.error?.message || `media error ${video.error?.code ?? 'unknown'}`;
      delete video.dataset.previewCopy;
      video.src = original;
      video.currentTime = time;
      reject(new Error(message));
    };
    video.addEventListener('loadedmetadata', onLoaded);
    video.addEventListener('error', onError);
    video.src = src;
  });
}
