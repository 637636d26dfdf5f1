// Which route plays the sound of the clip a <video> shows, for any player page (the panel's player,
// the player editor): asked for once per clip, picked by attachDecodedAudio, and said in one line.
// A clip in a new element lets go of the old element's audio; a new clip in the same element gives
// the element its own sound back first.
import { el } from '../../webview/dom';
import type { SoundRouteStrings } from '../../shared/soundRouteStrings';
import { fill } from '../../shared/strings';
import { attachDecodedAudio, type AudioRoute, type DecodedAudioHandle, type DecodedAudioInput } from './decodedAudio';

export type ShownRoute = AudioRoute | { kind: 'checking' };

export class SoundRoute {
  private video: HTMLVideoElement | undefined;
  private key: string | undefined;
  private route: ShownRoute | undefined;
  private handle: DecodedAudioHandle | undefined;

  /** The route on show: undefined for a clip that needs none (no AAC), `checking` until it is known. */
  get current(): ShownRoute | undefined {
    return this.route;
  }

  /** A new clip (told apart by `key`) in `video`; `needsRoute` when VS Code may play it silently. */
  begin(video: HTMLVideoElement, key: string, needsRoute: boolean): void {
    this.letGo(this.handle, this.video);
    this.handle = undefined;
    this.video = video;
    this.key = key;
    this.route = needsRoute ? { kind: 'checking' } : undefined;
  }

  /** The track and decoder for clip `key`: resolves true when the route on show changed. */
  async receive(key: string, input: DecodedAudioInput): Promise<boolean> {
    const video = this.video;
    if (!video || this.key !== key || this.route?.kind !== 'checking') return false;
    const handle = await attachDecodedAudio(video, input);
    if (this.video !== video || this.key !== key) {
      this.letGo(handle, video);
      return false;
    }
    this.handle = handle;
    this.route = handle.route;
    return true;
  }

  /** Gives the element its own sound back (another route, such as a preview copy, plays it now). */
  release(): void {
    this.letGo(this.handle, this.video);
    this.handle = undefined;
  }

  private letGo(handle: DecodedAudioHandle | undefined, video: HTMLVideoElement | undefined): void {
    if (!handle) return;
    if (video === this.video) handle.detach();
    else handle.close();
  }
}

/** The route in the user's words. */
export function soundRouteText(route: ShownRoute, s: SoundRouteStrings): string {
  if (route.kind !== 'silent') {
    return { checking: s.audioRouteChecking, native: s.audioRouteNative, decoded: s.audioRouteDecoded }[route.kind];
  }
  return fill(s.audioRouteSilent, silentReasonText(route, s));
}

/** Why the sound is silent, in the user's words. */
export function silentReasonText(route: Extract<AudioRoute, { kind: 'silent' }>, s: SoundRouteStrings): string {
  const reasons = {
    'no-track': fill(s.audioReasonNoTrack, route.detail),
    'no-decoder': s.audioReasonNoDecoder,
    'no-web-audio': s.audioReasonNoWebAudio,
    'decode-failed': fill(s.audioReasonDecodeFailed, route.detail),
  };
  return reasons[route.reason];
}

/** The line that says the route (`data-route` names it, for tests and troubleshooting). */
export function soundRouteLine(route: ShownRoute, s: SoundRouteStrings): HTMLParagraphElement {
  return el('p', { className: 'audio-route', text: soundRouteText(route, s), attrs: { 'data-route': route.kind } });
}
