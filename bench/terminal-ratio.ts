// The terminal figure judged against the bare xterm.js ceiling measured in the same run: `runs`
// pairs (the app, then the ceiling with the app terminal's size, place and pointer), each pair
// giving a ratio, so a busy shared machine shows as spread rather than as a wrong verdict.
import { againstTarget, spread } from './targets';
import { measureTerminal, terminalLines, type TerminalFigures } from './terminal-throughput';
import { ceilingLines, measureXtermCeiling, type CeilingFigures } from './xterm-ceiling';

/** Onramp's terminal path must reach this fraction of the bare xterm.js ceiling. */
export const CEILING_RATIO_TARGET = 0.8;
export const RSS_LIMIT_MB = 150;
export const CANCEL_LIMIT_S = 1;

export interface TerminalPair {
  readonly app: TerminalFigures;
  readonly ceiling: CeilingFigures;
}

export async function measureTerminalPairs(
  runs: number,
  onPair: (i: number, pair: TerminalPair) => void = () => undefined,
): Promise<TerminalPair[]> {
  const pairs: TerminalPair[] = [];
  for (let i = 0; i < runs; i += 1) {
    const app = await measureTerminal('flood');
    const ceiling = await measureXtermCeiling(app.box);
    pairs.push({ app, ceiling });
    onPair(i, { app, ceiling });
  }
  return pairs;
}

/** One pair's figures, each with its target. */
export function pairLines({ app, ceiling }: TerminalPair): Record<string, number | string> {
  return {
    ...ceilingLines(ceiling),
    ...terminalLines(app),
    'terminal / bare xterm.js ceiling': againstTarget(app.mbps / ceiling.mbps, '>=', CEILING_RATIO_TARGET),
    'server: peak RSS MB': againstTarget(app.rssPeakMb, '<', RSS_LIMIT_MB, 1),
    'Cancel during the flood: seconds to show canceled': againstTarget(app.cancelSeconds, '<', CANCEL_LIMIT_S, 2),
  };
}

/** The verdicts over all pairs (worst case decides "met"), with the spread of each. */
export function summaryLines(pairs: readonly TerminalPair[]): Record<string, number | string> {
  const ratios = pairs.map((p) => p.app.mbps / p.ceiling.mbps);
  const rss = pairs.map((p) => p.app.rssPeakMb);
  const cancel = pairs.map((p) => p.app.cancelSeconds);
  return {
    'terminal / ceiling, worst run': againstTarget(Math.min(...ratios), '>=', CEILING_RATIO_TARGET),
    'terminal / ceiling, spread': spread(ratios),
    'received = sent in every run': pairs.every((p) => p.app.written === p.app.produced) ? 'yes' : 'NO',
    'server: peak RSS MB, worst run': againstTarget(Math.max(...rss), '<', RSS_LIMIT_MB, 1),
    'Cancel seconds, worst run': againstTarget(Math.max(...cancel), '<', CANCEL_LIMIT_S, 2),
    'Cancel seconds, spread': spread(cancel, 2),
  };
}
