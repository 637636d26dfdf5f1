import type * as vscode from 'vscode';

const SECRET_KEY = 'videoGen.apiKey';

/** The API key lives in VS Code's SecretStorage and nowhere else. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(SECRET_KEY);
  }

  set(key: string): Thenable<void> {
    return this.secrets.store(SECRET_KEY, key.trim());
  }

  clear(): Thenable<void> {
    return this.secrets.delete(SECRET_KEY);
  }

  /** The last four characters, for "a key ending in …abcd is set"; never more of it. */
  async hint(): Promise<string | undefined> {
    const key = await this.get();
    if (!key) return undefined;
    return key.length > 8 ? `…${key.slice(-4)}` : '…';
  }
}
