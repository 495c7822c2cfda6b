// A socket.io client of the autopilot, as the browser's panel uses it: it starts a chapter, keeps
// the newest state of every autopilot from `autopilot:state` pushes (highest seq), and answers a
// step's sudo prompt the browser's way (run:attach to the item's run, then run:secret), and a
// check's prompt (check:secret-needed, then check:secret).
import type { z } from 'zod';
import type {
  AutopilotPlan,
  AutopilotRequestSchema,
  AutopilotStartReply,
  AutopilotState,
} from '../../protocol/autopilot';
import type { Ack } from '../../protocol/socket';
import { pollFor } from './poll';
import type { OnrampClient } from './server';

export function ackOf<T>(send: (ack: (res: Ack<T>) => void) => void, timeoutMs = 30_000): Promise<Ack<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no acknowledgement within ${timeoutMs} ms`)), timeoutMs);
    send((res) => {
      clearTimeout(timer);
      resolve(res);
    });
  });
}

/** What autopilot:start and autopilot:plan take (defaults may be left out). */
export type AutopilotRequestInput = z.input<typeof AutopilotRequestSchema>;

export class AutopilotClient {
  readonly states = new Map<string, AutopilotState>();
  /** Every pushed state, in arrival order (to read the item states a run went through). */
  readonly history: AutopilotState[] = [];
  private password: string | undefined;
  private readonly attached = new Set<string>();

  constructor(readonly socket: OnrampClient) {
    socket.on('autopilot:state', (s) => {
      this.history.push(s);
      const known = this.states.get(s.autopilotId);
      if (!known || known.seq < s.seq) this.states.set(s.autopilotId, s);
      if (this.password !== undefined && s.waiting?.kind === 'secret') this.attach(s.waiting.runId);
    });
    socket.on('run:secret-needed', (prompt) => {
      const value = this.password;
      if (value === undefined) return;
      socket.emit('run:secret', { runId: prompt.runId, promptId: prompt.promptId, value }, () => {});
    });
    // A check's prompt (xl info as root: a step's skipIf, a chapter's checks) reaches every tab;
    // the browser shows it and the reader types the password there too.
    socket.on('check:secret-needed', (prompt) => {
      const value = this.password;
      if (value === undefined) return;
      this.checkPrompts += 1;
      socket.emit('check:secret', { promptId: prompt.promptId, value }, () => {});
    });
  }

  /** How many check prompts (check:secret-needed) this tab answered. */
  checkPrompts = 0;

  /**
   * Answer every sudo prompt with `password`, as a reader typing it would: the autopilot's runs'
   * (run:secret) and the checks' (check:secret).
   */
  answerSecretsWith(password: string): void {
    this.password = password;
  }

  private attach(runId: string): void {
    if (this.attached.has(runId)) return;
    this.attached.add(runId);
    this.socket.emit('run:attach', { runId, fromOffset: 0 }, () => {});
  }

  plan(request: AutopilotRequestInput): Promise<Ack<AutopilotPlan>> {
    return ackOf((ack) => this.socket.emit('autopilot:plan', request, ack));
  }

  async start(request: AutopilotRequestInput): Promise<AutopilotStartReply> {
    const res = await ackOf<AutopilotStartReply>((ack) => this.socket.emit('autopilot:start', request, ack));
    if (!res.ok) throw new Error(`autopilot:start refused: ${res.error}`);
    const known = this.states.get(res.value.state.autopilotId);
    if (!known || known.seq < res.value.state.seq) this.states.set(res.value.state.autopilotId, res.value.state);
    return res.value;
  }

  answer(autopilotId: string, params: Record<string, string>): Promise<Ack<AutopilotState>> {
    return ackOf((ack) => this.socket.emit('autopilot:answer', { autopilotId, params }, ack));
  }

  continueManual(autopilotId: string): Promise<Ack<AutopilotState>> {
    return ackOf((ack) => this.socket.emit('autopilot:continue', { autopilotId }, ack));
  }

  cancel(autopilotId: string): Promise<Ack<AutopilotState>> {
    return ackOf((ack) => this.socket.emit('autopilot:cancel', { autopilotId }, ack));
  }

  list(): Promise<Ack<readonly AutopilotState[]>> {
    return ackOf((ack) => this.socket.emit('autopilot:list', ack));
  }

  state(autopilotId: string): AutopilotState {
    const s = this.states.get(autopilotId);
    if (!s) throw new Error(`no state for ${autopilotId}`);
    return s;
  }

  /** The newest state once `holds` is true of it (polled until `timeoutMs`). */
  waitFor(
    autopilotId: string,
    what: string,
    holds: (s: AutopilotState) => boolean,
    timeoutMs = 30_000,
  ): Promise<AutopilotState> {
    return pollFor(
      `autopilot ${autopilotId}: ${what}`,
      () => {
        const s = this.states.get(autopilotId);
        return s && holds(s) ? s : undefined;
      },
      { timeoutMs, intervalMs: 50 },
    );
  }

  /** The final state (passed, failed or canceled). */
  ended(autopilotId: string, timeoutMs = 60_000): Promise<AutopilotState> {
    return this.waitFor(
      autopilotId,
      'to end',
      (s) => s.status === 'passed' || s.status === 'failed' || s.status === 'canceled',
      timeoutMs,
    );
  }
}

/** One line per item: `id state`, for readable assertions. */
export function itemLines(s: AutopilotState): string[] {
  return s.items.map((i) => `${i.kind === 'check' ? i.checkId : i.stepId} ${i.state}`);
}
