// Keeps a <video>'s own sound out of the speakers without touching its `muted` and `volume`, which
// stay the user's (the decoded sound follows them): the element is routed into Web Audio
// (createMediaElementSource: from then on it plays only through the graph, never to the output by
// itself), and there through a gain of zero. Not left unconnected: Chromium then stops pulling the
// element's sound, and an element whose sound is not pulled stops playing. An element routed into a context stays in it for its
// whole life, so the context belongs to the element: the decoded sound plays in the same context,
// and giving the element its own sound back means connecting its node to the output.

export type ElementOutput = 'silenced' | 'own-sound';

export class ElementAudio {
  private source: MediaElementAudioSourceNode | undefined;
  /** Gain 0 to the output: the element's sound is pulled (so it plays on) and none of it is heard. */
  private silencer: GainNode | undefined;

  private constructor(
    private readonly video: HTMLMediaElement,
    readonly context: AudioContext,
  ) {}

  /** The element's audio context, made on first use (and reused for the element's life). */
  static of(video: HTMLMediaElement): ElementAudio {
    let audio = byElement.get(video);
    if (!audio) {
      audio = new ElementAudio(video, new AudioContext());
      byElement.set(video, audio);
    }
    return audio;
  }

  /** Closes the element's audio context, if it has one (see close). */
  static release(video: HTMLMediaElement): void {
    byElement.get(video)?.close();
  }

  /** Nothing of the element's own sound reaches the output; `muted` and `volume` are left as they are. */
  silence(): void {
    const source = this.route();
    this.silencer ??= this.context.createGain();
    this.silencer.gain.value = 0;
    this.silencer.connect(this.context.destination);
    source.disconnect();
    source.connect(this.silencer);
    this.show('silenced');
  }

  /** The element is heard again as it would be by itself (through the graph, now that it is routed there). */
  ownSound(): void {
    if (!this.source) return;
    this.source.disconnect();
    this.silencer?.disconnect();
    this.source.connect(this.context.destination);
    this.show('own-sound');
  }

  /** For an element being discarded: its context closes (the element stays silent from then on). */
  close(): void {
    this.source?.disconnect();
    this.silencer?.disconnect();
    void this.context.close();
    byElement.delete(this.video);
  }

  private route(): MediaElementAudioSourceNode {
    if (!this.source) {
      this.source = this.context.createMediaElementSource(this.video);
      // An element played through the graph is heard only while the context runs: start it with the
      // play that the user's gesture started (autoplay rules).
      this.video.addEventListener('play', () => {
        if (this.context.state === 'suspended') void this.context.resume();
      });
    }
    return this.source;
  }

  private show(output: ElementOutput): void {
    // For troubleshooting (and the integration tests), as the drift figures are.
    this.video.dataset.audioElement = output;
  }
}

const byElement = new WeakMap<HTMLMediaElement, ElementAudio>();
