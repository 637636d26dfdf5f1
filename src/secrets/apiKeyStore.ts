import type * as vscode from 'vscode';

const SECRET_KEY = 'videoGen.apiKey';

/** SecretStorage itself failed (Linux without a keyring, a locked keyring, …). */
export class SecretStorageUnavailableError extends Error {
  constructor(readonly detail: string) {
    super(`VS Code's secret storage is not available: ${detail}`);
    this.name = 'SecretStorageUnavailableError';
  }
}

/**
 * The API key lives in VS Code's SecretStorage and nowhere else. When SecretStorage fails, the user
 * may choose to keep the key in memory for this session only; it is never written to settings or files.
 */
export class ApiKeyStore {
  private sessionKey: string | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** True when the key is held in memory only, for this session. */
  get isSessionOnly(): boolean {
    return this.sessionKey !== undefined;
  }

  async get(): Promise<string | undefined> {
    if (this.sessionKey !== undefined) return this.sessionKey;
    try {
      return (await this.secrets.get(SECRET_KEY)) || undefined;
    } catch (err) {
      throw new SecretStorageUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }

  async set(key: string): Promise<void> {
    const value = key.trim();
    try {
      await this.secrets.store(SECRET_KEY, value);
    } catch (err) {
      throw new SecretStorageUnavailableError(err instanceof Error ? err.message : String(err));
    }
    this.sessionKey = undefined;
  }

  /** Keeps the key in memory until the window closes (only after the user chose it). */
  setForSession(key: string): void {
    this.sessionKey = key.trim();
  }

  async clear(): Promise<void> {
    this.sessionKey = undefined;
    try {
      await this.secrets.delete(SECRET_KEY);
    } catch (err) {
      throw new SecretStorageUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }

  /** The last four characters, for "a key ending in …abcd is set"; never more of it. */
  async hint(): Promise<string | undefined> {
    const key = await this.get();
    if (!key) return undefined;
    return key.length > 8 ? `…${key.slice(-4)}` : '…';
  }
}
