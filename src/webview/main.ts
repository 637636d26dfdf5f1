// The panel's browser side: renders what the extension sends and posts intents back. It never sees
// the API key, never talks to the network and never touches files. Text is set with textContent.
import { formatUsage } from './costText';
import { CompareTilesView } from './compareView';
import { byId } from './dom';
import { FormView } from './formView';
import { GalleryView } from './galleryView';
import { JobsView } from './jobsView';
import { PlayerView } from './playerView';
import {
  fromWebviewMessage,
  pageStateSchema,
  toWebviewMessage,
  type FromWebviewMessage,
  type PageState,
  type PanelError,
  type ToWebviewMessage,
  type UsageView,
} from '../shared/protocol';
import { fill, readPanelStrings } from '../shared/strings';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const strings = readPanelStrings(document.body.dataset.strings);
const page = Number(document.body.dataset.page ?? '0');
const savedState = pageStateSchema.safeParse(vscode.getState());
let state: PageState = savedState.success ? savedState.data : {};

function post(message: FromWebviewMessage): void {
  // Check our own output too: a message the extension would drop is better caught here.
  const checked = fromWebviewMessage.safeParse(message);
  if (!checked.success) {
    console.error(`Video Gen panel: not sending an invalid ${message.type} message`);
    return;
  }
  vscode.postMessage(checked.data);
}

function saveState(change: Partial<PageState>): void {
  state = { ...state, ...change };
  vscode.setState(state);
}

const statusLine = byId('status', HTMLParagraphElement);
/** Announcements fade after a while: they are news, not state (screen readers read them once). */
const STATUS_VISIBLE_MS = 8000;
let statusTimer: ReturnType<typeof setTimeout> | undefined;
function announce(text: string): void {
  // Clearing first makes a repeated message be announced again.
  statusLine.textContent = '';
  requestAnimationFrame(() => (statusLine.textContent = text));
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => (statusLine.textContent = ''), STATUS_VISIBLE_MS);
}

const errorBox = byId('error', HTMLDivElement);
function showError(error: PanelError | null): void {
  errorBox.replaceChildren();
  errorBox.hidden = error === null;
  if (!error) return;
  const message = document.createElement('p');
  message.textContent = error.message;
  const code = document.createElement('p');
  code.className = 'error-code';
  code.textContent = fill(strings.errorCode, error.code);
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'button secondary small';
  dismiss.textContent = strings.dismiss;
  dismiss.addEventListener('click', () => {
    showError(null);
    post({ type: 'dismissError' });
  });
  errorBox.append(message, code, dismiss);
}

const usageLine = byId('usage', HTMLParagraphElement);
function showUsage(usage: UsageView): void {
  const { line, details } = formatUsage(usage, strings);
  usageLine.textContent = line;
  if (details) usageLine.title = details;
  else usageLine.removeAttribute('title');
}

const jobs = new JobsView(byId('jobs-section', HTMLElement), byId('jobs', HTMLUListElement), strings, {
  cancel: (jobId) => post({ type: 'cancel', jobId }),
  announce,
});
const form = new FormView(strings, {
  changed: (values) => saveState({ form: values }),
  generate: (request) => {
    showError(null);
    post({ type: 'generate', request });
  },
  cancel: () => {
    const id = jobs.latestPanelJob;
    if (id) post({ type: 'cancel', jobId: id });
  },
});

const reuse = (request: Parameters<FormView['prefill']>[0]): void => {
  form.prefill(request, 'prompt');
  announce(strings.formFilled);
};

const player = new PlayerView(byId('player', HTMLDivElement), strings, {
  report: (message) => post(message),
  action: (id, action) => post({ type: 'videoAction', id, action }),
  reuse,
  requestAudio: (id) => post({ type: 'audioTrack', id }),
  requestPreviewCopy: (id, reason) => post({ type: 'previewCopy', id, reason }),
});

const compare = new CompareTilesView(byId('compare', HTMLElement), strings, {
  action: (compareId, id, action) => post({ type: 'compareAction', compareId, id, action }),
  close: () => post({ type: 'closeCompare' }),
  player: byId('player', HTMLDivElement),
});
byId('compare-models', HTMLButtonElement).addEventListener('click', () => {
  const values = form.values;
  if (values) post({ type: 'compareModels', request: { ...values, prompt: values.prompt.trim() } });
});

const history = new GalleryView(
  byId('gallery-filters', HTMLDivElement),
  byId('history', HTMLUListElement),
  strings,
  {
    play: (id) => post({ type: 'play', id }),
    reuse,
    discard: (id) => post({ type: 'discard', id }),
    filtered: (gallery) => saveState({ gallery }),
  },
  state.gallery,
);
byId('show-history-view', HTMLButtonElement).addEventListener('click', () => post({ type: 'openHistoryView' }));

function handle(message: ToWebviewMessage): void {
  switch (message.type) {
    case 'init':
      form.init(message.models, message.defaults, state.form);
      break;
    case 'catalog':
      form.setModels(message.models);
      break;
    case 'prefill':
      form.prefill(message.values, message.focus);
      break;
    case 'showVideo':
      player.show(message.video);
      saveState({ videoId: message.video.id });
      break;
    case 'jobs':
      jobs.update(message.jobs);
      form.setCancellable(jobs.latestPanelJob !== undefined);
      break;
    case 'history':
      history.update(message.items);
      break;
    case 'error':
      showError(message.error);
      break;
    case 'status':
      announce(message.text);
      break;
    case 'usage':
      showUsage(message.usage);
      break;
    case 'audioTrack':
      player.receiveAudio(message.id, message);
      break;
    case 'previewCopy':
      player.receivePreviewCopy(message.id, message);
      break;
    case 'compare':
      compare.show(message.compare);
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = toWebviewMessage.safeParse(event.data);
  if (!parsed.success) {
    console.error('Video Gen panel: ignored a malformed message');
    return;
  }
  handle(parsed.data);
});

post({ type: 'ready', page });
