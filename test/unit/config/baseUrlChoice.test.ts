import * as assert from 'node:assert/strict';
import { chooseBaseUrl, isOnThisMachine } from '../../../src/config/baseUrlChoice';

const DEFAULT = 'https://api.a4f.co/v1';

describe('chooseBaseUrl: where the key may be sent', () => {
  it('takes the user setting, or the default', () => {
    assert.deepEqual(chooseBaseUrl({ defaultValue: DEFAULT }), { baseUrl: DEFAULT });
    assert.deepEqual(chooseBaseUrl({ defaultValue: DEFAULT, globalValue: 'https://gateway.example/v1' }), {
      baseUrl: 'https://gateway.example/v1',
    });
  });

  it('lets a workspace point at this machine only', () => {
    for (const local of [
      'http://127.0.0.1:8787/v1',
      'http://localhost:8787/v1',
      'http://[::1]:8787/v1',
      'http://127.1.2.3/v1',
      'http://api.localhost/v1',
    ]) {
      assert.deepEqual(chooseBaseUrl({ defaultValue: DEFAULT, workspaceValue: local }), { baseUrl: local }, local);
      assert.deepEqual(
        chooseBaseUrl({ defaultValue: DEFAULT, globalValue: 'https://gateway.example/v1', workspaceFolderValue: local }),
        { baseUrl: local },
        local,
      );
    }
  });

  it('never lets a workspace send the key to another machine, and says which value it ignored', () => {
    for (const remote of [
      'https://collector.example/v1',
      'http://127.0.0.1.evil.example/v1',
      'http://localhost.evil.example/v1',
      'http://10.0.0.5/v1',
      'http://[::2]/v1',
      'not a url',
    ]) {
      assert.deepEqual(
        chooseBaseUrl({ defaultValue: DEFAULT, workspaceValue: remote }),
        { baseUrl: DEFAULT, ignoredFromWorkspace: remote },
        remote,
      );
      assert.deepEqual(
        chooseBaseUrl({ defaultValue: DEFAULT, globalValue: 'https://gateway.example/v1', workspaceFolderValue: remote }),
        { baseUrl: 'https://gateway.example/v1', ignoredFromWorkspace: remote },
        remote,
      );
    }
    // The same server as the user's own is no news.
    assert.deepEqual(
      chooseBaseUrl({ defaultValue: DEFAULT, globalValue: 'https://gateway.example/v1', workspaceValue: 'https://gateway.example/v1' }),
      { baseUrl: 'https://gateway.example/v1' },
    );
  });

  it('ignores values that are not text', () => {
    assert.deepEqual(chooseBaseUrl({ defaultValue: DEFAULT, globalValue: 42, workspaceValue: ['x'] }), { baseUrl: DEFAULT });
    assert.equal(isOnThisMachine(''), false);
  });
});
