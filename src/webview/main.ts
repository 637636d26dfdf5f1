// The panel's browser side: renders what the extension sends and reports back. It never sees the
// API key, never talks to the network and never touches files. Text is set with textContent only.
import { fromWebviewMessage, toWebviewMessage, type FromWebviewMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function post(message: FromWebviewMessage): void {
  // Validate our own output too: a mismatch here is a bug we want to see in the console.
  vscode.postMessage(fromWebviewMessage.parse(message));
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function showVideo(src: string, name: string): void {
  const player = document.getElementById('player');
  if (!player) return;
  player.replaceChildren();
  const video = element('video');
  video.controls = true;
  video.preload = 'metadata';
  video.setAttribute('aria-label', `Video ${name}`);
  video.addEventListener('loadedmetadata', () => {
    post({ type: 'videoLoaded', src, videoWidth: video.videoWidth, videoHeight: video.videoHeight, duration: video.duration });
  });
  video.addEventListener('error', () => {
    const message = video.error?.message || `media error ${video.error?.code ?? 'unknown'}`;
    post({ type: 'videoError', src, message });
  });
  video.src = src;
  const caption = element('p', 'caption', name);
  player.append(video, caption);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = toWebviewMessage.safeParse(event.data);
  if (!parsed.success) return;
  const message = parsed.data;
  switch (message.type) {
    case 'showVideo':
      showVideo(message.src, message.name);
      break;
  }
});

post({ type: 'ready' });
