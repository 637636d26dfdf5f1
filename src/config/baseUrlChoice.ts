// Which base URL the key is sent to. Only the user's own settings may name any server; a
// workspace's settings (a cloned repository's .vscode/settings.json) may only point at this machine
// (a local emulator or gateway), or the repository could have the key sent to a server of its own.
// No vscode import: unit-tested in plain Node.

export interface BaseUrlValues {
  defaultValue: string;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface BaseUrlChoice {
  baseUrl: string;
  /** A workspace's value that was not used, because it names another machine. */
  ignoredFromWorkspace?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Loopback only: 127.0.0.0/8, ::1 and localhost. */
export function isOnThisMachine(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

export function chooseBaseUrl(values: BaseUrlValues): BaseUrlChoice {
  const fromUser = text(values.globalValue) ?? values.defaultValue;
  const fromWorkspace = text(values.workspaceFolderValue) ?? text(values.workspaceValue);
  if (fromWorkspace === undefined || fromWorkspace === fromUser) return { baseUrl: fromUser };
  if (isOnThisMachine(fromWorkspace)) return { baseUrl: fromWorkspace };
  return { baseUrl: fromUser, ignoredFromWorkspace: fromWorkspace };
}
