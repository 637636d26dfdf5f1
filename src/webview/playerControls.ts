// The reviewer controls of the Video Gen Player editor: play/pause, loop, speed (0.25×–2×), frame
// step with buttons and keys (`,` `.`), mute (M), the time code with the frame number, and Save Frame as PNG
// (the frame shown, drawn at the clip's own size and encoded by the browser). All by keyboard too.
import { byId } from './dom';
import { ASSUMED_FPS, formatTimecode, frameAt, frameCount, seekTimeOf, stepRate } from './playerFrames';
import { PLAYBACK_RATES, type PlayerPageState } from '../shared/playerProtocol';
import { fill, type PlayerStrings } from '../shared/playerStrings';

/** While playing, the position is kept this often. */
const SAVE_EVERY_MS = 1000;

export interface CapturedFrame {
  frame: number;
  width: number;
  height: number;
  png: string;
}

export interface ControlHooks {
  saved(state: PlayerPageState): void;
  capture(frame: CapturedFrame): void;
  captureFailed(message: string): void;
}

/** Base64 of bytes, in slices (String.fromCharCode takes a bounded number of arguments). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

export class PlayerControls {
  readonly video = byId('video', HTMLVideoElement);
  private readonly play = byId('play', HTMLButtonElement);
  private readonly loop = byId('loop', HTMLInputElement);
  private readonly rate = byId('rate', HTMLSelectElement);
  private readonly timecode = byId('timecode', HTMLOutputElement);
  private readonly saveButton = byId('save-frame', HTMLButtonElement);
  private fps = ASSUMED_FPS;
  private savedAt = 0;

  constructor(
    private readonly strings: PlayerStrings,
    private readonly hooks: ControlHooks,
    state: PlayerPageState,
  ) {
    this.loop.checked = state.loop ?? false;
    this.video.loop = this.loop.checked;
    this.setRate(state.rate ?? 1);
    this.wire();
  }

  get frameRate(): number {
    return this.fps;
  }

  setFrameRate(fps: number | null): void {
    this.fps = fps ?? ASSUMED_FPS;
    byId('frame-rate-note', HTMLParagraphElement).textContent = fps
      ? fill(this.strings.frameRateFromFile, fps)
      : this.strings.frameRateAssumed;
    this.updateTime();
  }

  /** The frame on screen now. */
  get currentFrame(): number {
    return frameAt(this.video.currentTime, this.fps);
  }

  private wire(): void {
    const v = this.video;
    byId('prev-frame', HTMLButtonElement).addEventListener('click', () => this.step(-1));
    byId('next-frame', HTMLButtonElement).addEventListener('click', () => this.step(1));
    this.play.addEventListener('click', () => this.togglePlay());
    this.loop.addEventListener('change', () => {
      v.loop = this.loop.checked;
      this.save();
    });
    this.rate.addEventListener('change', () => this.setRate(Number(this.rate.value)));
    this.saveButton.addEventListener('click', () => void this.saveFrame());
    for (const event of ['timeupdate', 'seeked', 'loadedmetadata', 'durationchange']) v.addEventListener(event, () => this.updateTime());
    // Where the reviewer is survives a reload: after each seek, on pause, and now and then while playing.
    v.addEventListener('seeked', () => this.save());
    v.addEventListener('timeupdate', () => {
      if (Date.now() - this.savedAt > SAVE_EVERY_MS) this.save();
    });
    v.addEventListener('play', () => this.updatePlay());
    v.addEventListener('pause', () => {
      this.updatePlay();
      this.save();
    });
    // The native controls change the speed too: keep the select in step.
    v.addEventListener('ratechange', () => (this.rate.value = String(v.playbackRate)));
    document.addEventListener('keydown', (e) => this.onKey(e));
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    const onButton = e.target instanceof HTMLButtonElement;
    switch (e.key) {
      case ',':
        this.step(-1);
        break;
      case '.':
        this.step(1);
        break;
      case '[':
        this.setRate(stepRate(PLAYBACK_RATES, this.video.playbackRate, -1));
        break;
      case ']':
        this.setRate(stepRate(PLAYBACK_RATES, this.video.playbackRate, 1));
        break;
      case 'm':
      case 'M':
        // The decoded sound follows the element's mute (audioSync.ts), so this key mutes it too.
        this.video.muted = !this.video.muted;
        break;
      case 'l':
      case 'L':
        this.loop.checked = !this.loop.checked;
        this.loop.dispatchEvent(new Event('change'));
        break;
      case ' ':
      case 'k':
        // Space on a button presses that button; elsewhere (and on the video) it plays or pauses.
        if (onButton && e.key === ' ') return;
        this.togglePlay();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  private togglePlay(): void {
    if (this.video.paused) void this.video.play().catch(() => undefined);
    else this.video.pause();
  }

  /** One frame back or forward; pauses first, as a frame step means looking at one frame. */
  step(delta: -1 | 1): void {
    const v = this.video;
    v.pause();
    v.currentTime = seekTimeOf(this.currentFrame + delta, this.fps, v.duration);
  }

  /** Shows frame `frame` (used when the page restores its time). */
  seekToFrame(frame: number): void {
    this.video.currentTime = seekTimeOf(frame, this.fps, this.video.duration);
  }

  private setRate(rate: number): void {
    const r = Math.min(2, Math.max(0.25, Number.isFinite(rate) ? rate : 1));
    this.video.playbackRate = r;
    this.video.defaultPlaybackRate = r;
    this.rate.value = String(r);
    this.save();
  }

  private updatePlay(): void {
    this.play.textContent = this.video.paused ? this.strings.play : this.strings.pause;
  }

  private updateTime(): void {
    const v = this.video;
    const total = frameCount(v.duration, this.fps);
    this.timecode.textContent = fill(this.strings.timecode, formatTimecode(v.currentTime), Math.min(this.currentFrame, total - 1), total);
    this.timecode.dataset.frame = String(this.currentFrame);
  }

  private save(): void {
    this.savedAt = Date.now();
    this.hooks.saved({ time: this.video.currentTime, loop: this.loop.checked, rate: this.video.playbackRate });
  }

  /** The frame on screen at the clip's own size, as PNG, handed to the extension to write. */
  async saveFrame(): Promise<void> {
    const v = this.video;
    v.pause();
    const frame = this.currentFrame;
    try {
      if (v.readyState < 2 || !v.videoWidth) throw new Error(this.strings.frameNotDecoded);
      const canvas = document.createElement('canvas');
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      const context = canvas.getContext('2d');
      if (!context) throw new Error(this.strings.frameNotEncoded);
      context.drawImage(v, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error(this.strings.frameNotEncoded);
      const png = toBase64(new Uint8Array(await blob.arrayBuffer()));
      this.hooks.capture({ frame, width: canvas.width, height: canvas.height, png });
    } catch (err) {
      this.hooks.captureFailed(err instanceof Error ? err.message : String(err));
    }
  }
}
