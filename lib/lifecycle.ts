// One vocabulary for ending things, on both sides (after xterm.js `src/common/Lifecycle.ts` and `Event.ts`):
// a Disposable, a store that disposes what it holds, and an emitter whose subscription is a Disposable.
// No DOM and no Node: the server and the browser runtime both import it.

/** Something that holds a resource (a listener, a timer, a process) and lets it go in `dispose()`. */
export interface Disposable {
  dispose(): void;
}

/** A Disposable that calls `release` once, however often it is disposed. */
export function toDisposable(release: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      release();
    },
  };
}

/**
 * Owns disposables and disposes them together, newest first (what was set up last is torn down
 * first). Adding to a store that is already disposed disposes the new item at once.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Hold `item` until the store is disposed; returns it, so `const sub = store.add(x.onData(...))` reads well. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  /** Dispose every item, newest first; an item that throws does not stop the others (the first error is rethrown). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    let first: { error: unknown } | undefined;
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        first ??= { error };
      }
    }
    if (first) throw first.error;
  }
}

/** Subscribe a listener; dispose the returned Disposable to unsubscribe. */
export type Event<T> = (listener: (event: T) => void) => Disposable;

/**
 * What an emitter does with events nobody hears: `none` drops them; `until-listener` keeps them and
 * hands them to the first listener (output that arrives before the reader subscribes); `last` keeps
 * the latest and hands it to every later listener (an exit that happened before anyone asked).
 */
export type HoldPolicy = 'none' | 'until-listener' | 'last';

/** Fires events to its listeners; `event` is the subscribe function to hand out. */
export class Emitter<T> implements Disposable {
  private listeners: ((event: T) => void)[] = [];
  private held: T[] = [];
  private disposed = false;

  constructor(private readonly hold: HoldPolicy = 'none') {}

  readonly event: Event<T> = (listener) => {
    if (this.disposed) return toDisposable(() => {});
    this.listeners.push(listener);
    if (this.hold === 'until-listener') for (const e of this.held.splice(0)) listener(e);
    if (this.hold === 'last') for (const e of this.held) listener(e);
    return toDisposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };

  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  fire(event: T): void {
    if (this.disposed) return;
    if (this.hold === 'last') this.held = [event];
    else if (this.hold === 'until-listener' && this.listeners.length === 0) this.held.push(event);
    // A listener may unsubscribe (or subscribe another) while being called: iterate over a copy.
    for (const l of [...this.listeners]) l(event);
  }

  /** Drop every listener and every held event; later `fire` and `event` calls do nothing. */
  dispose(): void {
    this.disposed = true;
    this.listeners = [];
    this.held = [];
  }
}
