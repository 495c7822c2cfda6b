// What every Onramp xterm.js shares: the theme read from the page's CSS variables, the font, and
// fitting to the container. Only imported by lazily loaded terminal modules.
import { Terminal, type ITerminalOptions } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { XTERM_BASE_OPTIONS } from './xterm-options';

function themeFrom(el: HTMLElement) {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--term-bg', '#0d1117'),
    foreground: v('--term-fg', '#e6edf3'),
    cursor: v('--term-fg', '#e6edf3'),
  };
}

/** An xterm opened in `container`, fitted now and whenever the container resizes. */
export function openFittedTerminal(
  container: HTMLElement,
  options: ITerminalOptions,
): { terminal: Terminal; observer: ResizeObserver } {
  const terminal = new Terminal({
    ...XTERM_BASE_OPTIONS,
    theme: themeFrom(container),
    ...options,
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(container);
  fit.fit();
  const observer = new ResizeObserver(() => fit.fit());
  observer.observe(container);
  return { terminal, observer };
}
