// Plays an AudioBuffer through Web Audio in step with a video element, its pitch kept at other
// speeds (a buffer time-stretched once per rate, timeStretch.ts) (whose own sound is kept out
// of the output, elementAudio.ts), at the level its mute button and volume slider set: starts at the
// video's currentTime on play, restarts on seek and rate change, stops on pause and at the end, and
// checks the drift between the audio clock (the output timestamp: what is heard when) and each
// presented frame (requestVideoFrameCallback): small drift is steered away with the sound's rate,
// large drift restarts the sound at the video's position.

import { timeStretch } from './timeStretch';

export interface SyncStats {
  /** Drift measurements taken (one per presented frame while playing). */
  samples: number;
  /** Largest |audio position − video position| seen, in ms. */
  maxDriftMs: number;
  /** 95th percentile of |drift|, in ms. */
  p95DriftMs: number;
  /** The latest drift, in ms (positive: the sound is ahead). */
  lastDriftMs: number;
  /** Restarts made to correct a large drift (not counting play, seek and rate changes). */
  corrections: number;
}

/** Drift above this restarts the sound at the video's position (the budget is 40 ms). */
const RESTART_MS = 35;
/** Smaller drift is steered away by playing the sound up to 5% faster or slower, over about 0.3 s. */
const STEER_LIMIT = 0.05;
const STEER_WINDOW_S = 0.3;
const STEER_DEADBAND_S = 0.005;
/** Drift figures kept for the percentile. */
const KEPT_SAMPLES = 4000;

export class AudioSync {
  private source: AudioBufferSourceNode | undefined;
  /** The rate the playing buffer was stretched for: its time × this is the media time. */
  private sourceRate = 1;
  /** The sound stretched for each rate played so far (rate 1: the decoded buffer itself). */
  private readonly stretched = new Map<number, AudioBuffer>();
  private anchor = { contextTime: 0, mediaTime: 0, rate: 1 };
  private readonly gain: GainNode;
  private readonly stats: SyncStats = { samples: 0, maxDriftMs: 0, p95DriftMs: 0, lastDriftMs: 0, corrections: 0 };
  private readonly drifts: number[] = [];
  private frameCallback = 0;
  private readonly listeners: Array<[string, () => void]>;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly context: AudioContext,
    private readonly buffer: AudioBuffer,
  ) {
    this.stretched.set(1, buffer);
    this.gain = context.createGain();
    this.gain.connect(context.destination);
    this.listeners = [
      ['play', () => this.resume()],
      ['playing', () => this.restart()],
      ['pause', () => this.stop()],
      ['ended', () => this.stop()],
      ['waiting', () => this.stop()],
      ['seeking', () => this.stop()],
      ['seeked', () => this.restartIfPlaying()],
      ['ratechange', () => this.restartIfPlaying()],
      ['volumechange', () => this.applyVolume()],
      ['pointerdown', () => this.resume()],
      ['keydown', () => this.resume()],
    ];
    for (const [event, listener] of this.listeners) video.addEventListener(event, listener);
    context.onstatechange = () => (video.dataset.audioClock = context.state);
    video.dataset.audioClock = context.state;
    this.applyVolume();
    if (!video.paused) this.restartIfPlaying();
    this.watchFrames();
  }

  get current(): SyncStats {
    return { ...this.stats, p95DriftMs: percentile(this.drifts, 0.95) };
  }

  detach(): void {
    for (const [event, listener] of this.listeners) this.video.removeEventListener(event, listener);
    if (this.frameCallback) this.video.cancelVideoFrameCallback(this.frameCallback);
    this.stop();
    this.gain.disconnect();
    this.context.onstatechange = null;
    delete this.video.dataset.audioGain;
  }

  /**
   * The media time of the sound heard at `performanceMs` (performance.now() units): the output
   * timestamp says which context time the speakers play at which moment, latency included.
   */
  private audioPositionAt(performanceMs: number): number {
    const stamp = this.context.getOutputTimestamp();
    let contextTime = this.context.currentTime;
    if (stamp.contextTime !== undefined && stamp.performanceTime !== undefined && stamp.performanceTime > 0) {
      contextTime = stamp.contextTime + (performanceMs - stamp.performanceTime) / 1000;
    }
    return this.anchor.mediaTime + (contextTime - this.anchor.contextTime) * this.anchor.rate;
  }

  /** Seconds between a sample's context time and the moment it is heard (measured, else as reported). */
  private outputLatency(): number {
    const stamp = this.context.getOutputTimestamp();
    if (stamp.contextTime !== undefined && stamp.performanceTime !== undefined && stamp.performanceTime > 0) {
      const heardNow = stamp.contextTime + (performance.now() - stamp.performanceTime) / 1000;
      const latency = this.context.currentTime - heardNow;
      if (latency >= 0 && latency < 0.5) return latency;
    }
    return this.context.outputLatency || this.context.baseLatency || 0;
  }

  private resume(): void {
    if (this.context.state === 'suspended') void this.context.resume().then(() => this.restartIfPlaying());
  }

  /** The element's mute button and volume slider (and whatever else sets them: keys, scripts) set our level. */
  private applyVolume(): void {
    const level = this.video.muted ? 0 : this.video.volume;
    this.gain.gain.value = level;
    this.video.dataset.audioGain = level.toFixed(2);
  }

  private restartIfPlaying(): void {
    if (!this.video.paused && !this.video.seeking && !this.video.ended) this.restart();
  }

  private restart(): void {
    this.stop();
    // What starts now is heard only after the output latency: start that much further in.
    const rate = this.video.playbackRate;
    const buffer = this.bufferFor(rate);
    const at = this.video.currentTime + this.outputLatency() * rate;
    if (at >= this.buffer.duration) return;
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    // The stretched buffer already plays at `rate` (pitch kept); the source's own rate only steers.
    this.sourceRate = buffer === this.buffer ? 1 : rate;
    this.video.dataset.audioStretchedFor = String(this.sourceRate);
    source.playbackRate.value = rate / this.sourceRate;
    source.connect(this.gain);
    source.start(0, at / this.sourceRate);
    this.source = source;
    this.anchor = { contextTime: this.context.currentTime, mediaTime: at, rate };
  }

  /** The sound for `rate`: stretched once per rate (a few hundred ms for a clip of seconds), then kept. */
  private bufferFor(rate: number): AudioBuffer {
    const key = Math.round(rate * 1000) / 1000;
    const kept = this.stretched.get(key);
    if (kept) return kept;
    const original = this.buffer;
    const channels = Array.from({ length: original.numberOfChannels }, (_, c) => original.getChannelData(c));
    const data = timeStretch({ sampleRate: original.sampleRate, channels }, key);
    const buffer = this.context.createBuffer(data.length, Math.max(1, data[0]?.length ?? 0), original.sampleRate);
    data.forEach((channel, c) => buffer.copyToChannel(channel, c));
    this.stretched.set(key, buffer);
    return buffer;
  }

  private stop(): void {
    if (!this.source) return;
    this.source.onended = null;
    try {
      this.source.stop();
    } catch {
      // never started
    }
    this.source.disconnect();
    this.source = undefined;
  }

  private watchFrames(): void {
    this.frameCallback = this.video.requestVideoFrameCallback((_now, metadata) => {
      this.checkDrift(metadata.expectedDisplayTime, metadata.mediaTime);
      this.watchFrames();
    });
  }

  /** The frame shown at `displayMs` against the sound heard then; small drift is steered away, large drift restarts. */
  private checkDrift(displayMs: number, frameTime: number): void {
    if (!this.source || this.video.paused || this.video.seeking || this.context.state !== 'running') return;
    const drift = this.audioPositionAt(displayMs) - frameTime;
    const driftMs = drift * 1000;
    this.stats.samples++;
    this.stats.lastDriftMs = driftMs;
    this.stats.maxDriftMs = Math.max(this.stats.maxDriftMs, Math.abs(driftMs));
    // On the element too, for troubleshooting (and the integration tests) from the page's console.
    this.video.dataset.audioDriftMs = driftMs.toFixed(1);
    this.video.dataset.audioDriftMaxMs = this.stats.maxDriftMs.toFixed(1);
    this.video.dataset.audioDriftSamples = String(this.stats.samples);
    if (this.drifts.length < KEPT_SAMPLES) this.drifts.push(Math.abs(driftMs));
    if (this.stats.samples % 10 === 0) this.video.dataset.audioDriftP95Ms = percentile(this.drifts, 0.95).toFixed(1);
    if (Math.abs(driftMs) > RESTART_MS) {
      this.stats.corrections++;
      this.video.dataset.audioCorrections = String(this.stats.corrections);
      this.restart();
      return;
    }
    this.steer(drift);
  }

  /** Plays the sound a little faster or slower (at most ±STEER_LIMIT) to take `drift` away over about a second. */
  private steer(drift: number): void {
    const source = this.source;
    if (!source) return;
    const nominal = this.video.playbackRate;
    const adjust = Math.abs(drift) < STEER_DEADBAND_S ? 0 : Math.max(-STEER_LIMIT, Math.min(STEER_LIMIT, -drift / STEER_WINDOW_S));
    const rate = nominal * (1 + adjust);
    if (Math.abs(rate - this.anchor.rate) < 1e-6) return;
    const now = this.context.currentTime;
    this.anchor = { contextTime: now, mediaTime: this.anchor.mediaTime + (now - this.anchor.contextTime) * this.anchor.rate, rate };
    source.playbackRate.setValueAtTime(rate / this.sourceRate, now);
  }
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}
