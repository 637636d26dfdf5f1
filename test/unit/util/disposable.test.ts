import * as assert from 'node:assert/strict';
import { Disposable, toDisposable } from '../../../src/util/disposable';

class Owner extends Disposable {
  own(name: string, log: string[], fail = false): void {
    this._register(
      toDisposable(() => {
        log.push(name);
        if (fail) throw new Error(name);
      }),
    );
  }
}

describe('Disposable', () => {
  it('releases what it owns once, newest first, even when one of them throws', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.own('a', log);
    owner.own('b', log, true);
    owner.own('c', log);
    assert.throws(() => owner.dispose(), /b/);
    assert.deepEqual(log, ['c', 'b', 'a']);
    owner.dispose();
    assert.deepEqual(log, ['c', 'b', 'a'], 'a second dispose releases nothing again');
    owner.own('late', log);
    assert.deepEqual(log, ['c', 'b', 'a', 'late'], 'registered after disposal: released at once');
  });
});
