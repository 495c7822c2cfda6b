'use client';
// "Open a dom0 shell": a login shell in dom0 over the companion server's SSH connection. Socket and
// xterm are imported when the reader opens it; closing (or leaving the page) ends the shell.
import { useEffect, useRef, useState } from 'react';
import type { ShellTerminal } from './xterm-shell';
import { errorMessage } from '../../protocol/result';
import { DisposableStore, toDisposable } from '../../lib/lifecycle';

type ShellState =
  { readonly phase: 'opening' } | { readonly phase: 'open' } | { readonly phase: 'ended'; readonly message: string };

export function Dom0Shell({ onClose }: { readonly onClose: () => void }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<ShellState>({ phase: 'opening' });

  useEffect(() => {
    let gone = false;
    // What this effect set up, torn down newest first when the shell closes or the page is left.
    const owned = new DisposableStore();
    void (async () => {
      const [{ connectedSocket }, { openShellTerminal }] = await Promise.all([
        import('../runtime/socket-client'),
        import('./xterm-shell'),
      ]);
      const socket = await connectedSocket();
      // The reader may have closed the shell while the modules loaded.
      if (gone || !container.current) return;
      const term: ShellTerminal = openShellTerminal(container.current);
      owned.add(term);
      let shellId: string | undefined;
      const onData = (m: { shellId: string; data: string }) => {
        if (m.shellId === shellId) term.write(m.data);
      };
      const onExit = (m: { shellId: string; message: string }) => {
        if (m.shellId !== shellId) return;
        term.write(`\r\n[${m.message}]\r\n`);
        setState({ phase: 'ended', message: m.message });
      };
      socket.on('dom0:shell-data', onData);
      socket.on('dom0:shell-exit', onExit);
      owned.add(
        toDisposable(() => {
          socket.off('dom0:shell-data', onData);
          socket.off('dom0:shell-exit', onExit);
        }),
      );
      const opened = await socket
        .timeout(30_000)
        .emitWithAck('dom0:shell-open', { cols: Math.max(2, term.cols), rows: Math.max(1, term.rows) });
      if (!opened.ok) {
        term.write(`${opened.error}\r\n`);
        setState({ phase: 'ended', message: opened.error });
        return;
      }
      const id = opened.value.shellId;
      if (gone) {
        socket.emit('dom0:shell-close', { shellId: id });
        return;
      }
      shellId = id;
      owned.add(term.onInput((data) => socket.emit('dom0:shell-input', { shellId: id, data })));
      owned.add(term.onResize((cols, rows) => socket.emit('dom0:shell-resize', { shellId: id, cols, rows })));
      owned.add(toDisposable(() => socket.emit('dom0:shell-close', { shellId: id })));
      setState({ phase: 'open' });
      term.focus();
    })().catch((err: unknown) => {
      if (!gone) setState({ phase: 'ended', message: errorMessage(err) });
    });
    return () => {
      gone = true;
      owned.dispose();
    };
  }, []);

  return (
    <div className="dom0-shell">
      <div className="dom0-shell-bar">
        <span data-testid="dom0-shell-state" data-phase={state.phase}>
          {state.phase === 'opening'
            ? 'Opening a shell in dom0…'
            : state.phase === 'open'
              ? 'Shell in dom0 (type exit or close it when done)'
              : `Shell ended: ${state.message}`}
        </span>
        <button type="button" className="button" data-testid="dom0-shell-close" onClick={onClose}>
          Close shell
        </button>
      </div>
      <div className="step-terminal dom0-shell-terminal" ref={container} data-testid="dom0-shell-terminal" />
    </div>
  );
}
