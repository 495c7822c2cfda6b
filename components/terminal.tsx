'use client';
// A step's output terminal. Rendered only once the reader runs the step (or a run is found to
// re-attach to); xterm.js is imported here, lazily, never with the page.
import { useEffect, useRef } from 'react';
import type { TerminalSink } from './runtime/terminal-sink';

export interface TerminalProps {
  readonly stepId: string;
  /** Receives the terminal once xterm is loaded and opened; receives undefined when it goes away. */
  readonly onSink: (sink: TerminalSink | undefined) => void;
}

export function Terminal({ stepId, onSink }: TerminalProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let sink: TerminalSink | undefined;
    let gone = false;
    void import('./runtime/xterm-sink').then(({ openXtermSink }) => {
      // The step may have unmounted while xterm was loading.
      if (gone || !container.current) return;
      sink = openXtermSink(container.current);
      onSink(sink);
    });
    return () => {
      gone = true;
      onSink(undefined);
      sink?.dispose();
    };
  }, [onSink]);

  return <div className="step-terminal" ref={container} data-testid={`terminal-${stepId}`} data-written="0" />;
}
