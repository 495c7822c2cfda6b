import { describe, expect, it } from 'vitest';
import { DisposableStore, Emitter, toDisposable } from '../../lib/lifecycle';

describe('DisposableStore', () => {
  it('disposes newest first, once, and disposes at once what is added after', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('first')));
    store.add(toDisposable(() => order.push('second')));
    store.dispose();
    store.dispose();
    store.add(toDisposable(() => order.push('late')));
    expect(order).toEqual(['second', 'first', 'late']);
    expect(store.isDisposed).toBe(true);
  });

  it('an item that throws does not keep the others from being disposed', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('kept going')));
    store.add(
      toDisposable(() => {
        throw new Error('boom');
      }),
    );
    expect(() => store.dispose()).toThrow('boom');
    expect(order).toEqual(['kept going']);
  });
});

describe('Emitter', () => {
  it('a disposed subscription hears nothing more', () => {
    const e = new Emitter<number>();
    const heard: number[] = [];
    const sub = e.event((n) => heard.push(n));
    e.fire(1);
    sub.dispose();
    e.fire(2);
    expect(heard).toEqual([1]);
    expect(e.hasListeners).toBe(false);
  });

  it('until-listener hands what fired before to the first listener only, in order', () => {
    const e = new Emitter<string>('until-listener');
    e.fire('a');
    e.fire('b');
    const first: string[] = [];
    const second: string[] = [];
    e.event((s) => first.push(s));
    e.event((s) => second.push(s));
    e.fire('c');
    expect(first).toEqual(['a', 'b', 'c']);
    expect(second).toEqual(['c']);
  });

  it('last hands the latest event to every later listener', () => {
    const e = new Emitter<string>('last');
    e.fire('exited');
    const heard: string[] = [];
    e.event((s) => heard.push(`1:${s}`));
    e.event((s) => heard.push(`2:${s}`));
    expect(heard).toEqual(['1:exited', '2:exited']);
  });

  it('none drops what nobody heard; dispose drops listeners and stops firing', () => {
    const e = new Emitter<number>();
    e.fire(1);
    const heard: number[] = [];
    e.event((n) => heard.push(n));
    e.dispose();
    e.fire(2);
    expect(heard).toEqual([]);
  });
});
