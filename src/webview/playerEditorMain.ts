// The Video Gen Player editor's browser side: shows what the extension sends (the clip, its
// provenance, the hash check), runs the reviewer controls, and posts intents back. It never sees
// the API key, never talks to the network and never touches files. Text is set with textContent.
import { SoundRoute } from './audio/soundRoute';
import { byId } from './dom';
import { PlayerControls } from './playerControls';
import { PlayerDetails } from './playerDetails';
import {
  fromPlayerMessage,
  playerPageStateSchema,
  toPlayerMessage,
  type FromPlayerMessage,
  type PlayerPageState,
  type PlayerView,
} from '../shared/playerProtocol';
import { fill, readPlayerStrings } from '../shared/playerStrings';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const strings = readPlayerStrings(document.body.dataset.strings);
const restored = playerPageStateSchema.safeParse(vscode.getState());
let state: PlayerPageState = restored.success ? restored.data : {};
/** Where the reviewer was before a reload: taken once, before the new page saves anything. */
let resumeAt = state.time;

function post(message: FromPlayerMessage): void {
  const checked = fromPlayerMessage.safeParse(message);
  if (!checked.success) {
    console.error(`Video Gen player: not sending an invalid ${message.type} message`);
    return;
  }
  vscode.postMessage(checked.data);
}

const statusLine = byId('status', HTMLParagraphElement);
function announce(text: string): void {
  statusLine.textContent = '';
  requestAnimationFrame(() => (statusLine.textContent = text));
}

const details = new PlayerDetails(strings, (action) => post({ type: 'action', action }));
const controls = new PlayerControls(
  strings,
  {
    saved: (next) => {
      state = { ...state, ...next };
      vscode.setState(state);
    },
    capture: (frame) => {
      announce(fill(strings.savingFrame, frame.frame));
      post({ type: 'saveFrame', ...frame });
    },
    captureFailed: (message) => {
      announce(fill(strings.frameFailed, message));
      post({ type: 'frameError', message: message.slice(0, 2000) });
    },
  },
  state,
);
const video = controls.video;
video.setAttribute('aria-label', fill(strings.videoLabel, ''));
let shownSrc: string | undefined;
/** How the clip's AAC sound plays (the same routes as the panel's player); one key per clip shown. */
const sound = new SoundRoute();
let clipKey = 0;

video.addEventListener('loadedmetadata', () => {
  details.setBrowserFacts({ width: video.videoWidth, height: video.videoHeight, duration: video.duration });
  // After a reload (of the window or the page) the reviewer is where they were.
  if (resumeAt !== undefined && resumeAt > 0) controls.seekToFrame(Math.floor(resumeAt * controls.frameRate));
  resumeAt = undefined;
});
video.addEventListener('error', () => {
  const box = byId('player-error', HTMLParagraphElement);
  box.hidden = false;
  box.textContent = fill(strings.playerError, video.error?.message || `media error ${video.error?.code ?? 'unknown'}`);
});

function show(view: PlayerView): void {
  byId('gone', HTMLDivElement).hidden = true;
  video.setAttribute('aria-label', fill(strings.videoLabel, view.name));
  controls.setFrameRate(view.frameRate);
  details.show(view);
  // The same file again (its sidecar changed): keep playing; a changed file (new `v=`) reloads.
  if (view.src !== shownSrc) {
    shownSrc = view.src;
    byId('player-error', HTMLParagraphElement).hidden = true;
    video.src = view.src;
    const key = String(++clipKey);
    sound.begin(video, key, view.silentInVsCode);
    details.showSound(sound.current);
    if (view.silentInVsCode) post({ type: 'audioTrack', id: key });
  }
}

function showGone(): void {
  const box = byId('gone', HTMLDivElement);
  box.hidden = false;
  box.textContent = fill(strings.gone, '');
  video.pause();
  byId('save-frame', HTMLButtonElement).disabled = true;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = toPlayerMessage.safeParse(event.data);
  if (!parsed.success) return;
  const message = parsed.data;
  switch (message.type) {
    case 'show':
      byId('save-frame', HTMLButtonElement).disabled = false;
      show(message.view);
      return;
    case 'hash':
      details.setHash(message.state, message.actual);
      return;
    case 'gone':
      showGone();
      return;
    case 'frameSaved':
      announce(fill(strings.frameSaved, message.path));
      return;
    case 'frameFailed':
      announce(fill(strings.frameFailed, message.message));
      return;
    case 'notice':
      announce(message.message);
      return;
    case 'audioTrack':
      void sound.receive(message.id, message).then((changed) => {
        if (changed) details.showSound(sound.current);
      });
      return;
  }
});

post({ type: 'ready' });
