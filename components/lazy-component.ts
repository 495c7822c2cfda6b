// Client code a page needs only once something happens (a run asks for a password, a check gives
// its verdict): the component's module is imported the first time it is rendered, so it stays out
// of the page's first-load JS. As the step terminal does with xterm.js, without Suspense: a failed
// import (the companion server went away) shows nothing instead of the page's error screen.
import { createElement, useEffect, useState, type ComponentType } from 'react';

/**
 * A component rendered through `load`, which imports it: renders nothing until the import resolves,
 * then the loaded component with the same props (at once on later mounts). A failed import renders
 * nothing and is tried again on the next mount.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const importOnce = (): Promise<ComponentType<P>> =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    ));
  function Lazy(props: P) {
    const [shown, setShown] = useState(() => (loaded ? { component: loaded } : undefined));
    useEffect(() => {
      if (shown) return;
      let gone = false;
      importOnce().then(
        (component) => !gone && setShown({ component }),
        () => undefined,
      );
      return () => {
        gone = true;
      };
    }, [shown]);
    return shown ? createElement(shown.component, props) : null;
  }
  return Lazy;
}
