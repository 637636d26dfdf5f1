import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ApiKeyStore, SecretStorageUnavailableError } from '../../../src/secrets/apiKeyStore';

/** A SecretStorage stand-in; `broken` makes every call fail like a locked keyring does. */
function fakeSecrets(broken = false): vscode.SecretStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  const fail = (): never => {
    throw new Error('Cannot create an item in a locked collection');
  };
  return {
    data,
    get: async (k: string) => (broken ? fail() : data.get(k)),
    store: async (k: string, v: string) => {
      if (broken) fail();
      data.set(k, v);
    },
    delete: async (k: string) => {
      if (broken) fail();
      data.delete(k);
    },
    keys: async () => [...data.keys()],
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as vscode.SecretStorage & { data: Map<string, string> };
}

describe('ApiKeyStore', () => {
  it('keeps the key in SecretStorage, trimmed, and hints only its last four characters', async () => {
    const secrets = fakeSecrets();
    const store = new ApiKeyStore(secrets);
    await store.set('  sk-abcdefgh1234  ');
    assert.deepEqual([...secrets.data.values()], ['sk-abcdefgh1234']);
    assert.equal(await store.get(), 'sk-abcdefgh1234');
    assert.equal(await store.hint(), '…1234');
    await store.clear();
    assert.equal(await store.get(), undefined);
  });

  it('reports a failing SecretStorage as such, and can hold a key for the session only', async () => {
    const store = new ApiKeyStore(fakeSecrets(true));
    await assert.rejects(store.set('k-1234567890'), SecretStorageUnavailableError);
    await assert.rejects(store.get(), /locked collection/);
    store.setForSession('k-1234567890');
    assert.equal(store.isSessionOnly, true);
    assert.equal(await store.get(), 'k-1234567890');
  });
});
