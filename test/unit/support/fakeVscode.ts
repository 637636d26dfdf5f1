// A small stand-in for the `vscode` module, so the JobManager (which talks to VS Code's windows and
// settings) can be unit-tested in plain Node against the emulator. It implements only what the
// generation path calls, with the behaviour the real API documents; the integration suites run the
// same code in a real VS Code. Importing this file installs it for every later `require('vscode')`.
import Module from 'node:module';
import { promises as fs } from 'node:fs';
import { posix } from 'node:path';

type Listener<T> = (value: T) => void;

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static from(parts: { scheme: string; path: string }): Uri {
    return new Uri(parts.scheme, parts.path);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, posix.join(base.path, ...segments));
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { path?: string }): Uri {
    return new Uri(this.scheme, change.path ?? this.path);
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function format(message: string | { message: string }, args: unknown[]): string {
  const text = typeof message === 'string' ? message : message.message;
  return text.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));
}

/** What a test controls: settings, folders, and the file system behind non-file folders. */
export const fakeVscode = {
  settings: new Map<string, unknown>(),
  workspaceFolders: [] as Array<{ uri: Uri; name: string; index: number }>,
  /** Files written to folders of other schemes, by URI string. */
  otherFs: new Map<string, Uint8Array>(),
  /** Makes workspace.fs.copy into another scheme fail (a file system that went away). */
  failCopies: false,
  reset(): void {
    this.settings.clear();
    this.workspaceFolders = [];
    this.otherFs.clear();
    this.failCopies = false;
  },
};

const api = {
  EventEmitter,
  Uri,
  FileSystemError,
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  l10n: { t: (message: string | { message: string }, ...args: unknown[]) => format(message, args) },
  commands: { executeCommand: async () => undefined },
  window: {
    activeTextEditor: undefined,
    showWarningMessage: async () => undefined,
    showWorkspaceFolderPick: async () => undefined,
    showSaveDialog: async () => undefined,
    withProgress: async <T>(
      _options: unknown,
      task: (progress: { report(): void }, token: { onCancellationRequested(l: () => void): { dispose(): void } }) => Promise<T>,
    ): Promise<T> => task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) }),
  },
  workspace: {
    get workspaceFolders() {
      return fakeVscode.workspaceFolders.length ? fakeVscode.workspaceFolders : undefined;
    },
    getWorkspaceFolder: () => undefined,
    asRelativePath: (uri: Uri) => uri.path,
    getConfiguration: (section: string) => ({
      get: (key: string) => fakeVscode.settings.get(`${section}.${key}`),
      inspect: (key: string) => ({ globalValue: fakeVscode.settings.get(`${section}.${key}`) }),
    }),
    fs: {
      createDirectory: async () => undefined,
      copy: async (from: Uri, to: Uri) => {
        if (fakeVscode.failCopies) throw new FileSystemError('the file system is gone', 'Unavailable');
        if (fakeVscode.otherFs.has(to.toString())) throw new FileSystemError('exists', 'FileExists');
        fakeVscode.otherFs.set(to.toString(), await fs.readFile(from.fsPath));
      },
      writeFile: async (to: Uri, data: Uint8Array) => void fakeVscode.otherFs.set(to.toString(), data),
      delete: async (uri: Uri) => void fakeVscode.otherFs.delete(uri.toString()),
    },
  },
};

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };
const originalLoad = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, parent: unknown, isMain: boolean): unknown {
  if (request === 'vscode') return api;
  return originalLoad.call(this, request, parent, isMain);
};

export { Uri as FakeUri };
