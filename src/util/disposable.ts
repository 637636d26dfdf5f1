// One owner for what a class must release: as in VS Code's own extensions, a class derives from
// Disposable and hands each listener, emitter, watcher or timer to `_register`; `dispose()` releases
// them all once, newest first, and one that throws does not keep the others. No vscode import:
// anything with a dispose() method will do.

export interface DisposableLike {
  dispose(): unknown;
}

export function toDisposable(release: () => void): DisposableLike {
  return { dispose: release };
}

export abstract class Disposable implements DisposableLike {
  private readonly _owned: DisposableLike[] = [];
  private _disposed = false;

  protected get isDisposed(): boolean {
    return this._disposed;
  }

  /** Takes ownership of `item`; an item registered after disposal is released at once. */
  protected _register<T extends DisposableLike>(item: T): T {
    if (this._disposed) item.dispose();
    else this._owned.push(item);
    return item;
  }

  /** `_register` for several at once. */
  protected _registerAll(...items: DisposableLike[]): void {
    for (const item of items) this._register(item);
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    const errors: unknown[] = [];
    while (this._owned.length) {
      try {
        this._owned.pop()!.dispose();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed`);
  }
}
