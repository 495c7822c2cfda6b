// The chapter autopilot's live link: follows the server's `autopilot:state` pushes, asks for every
// autopilot again (autopilot:list) on open and after each reconnect, so progress survives a reload
// and a dropped connection, and sends plan / start / answer / continue / cancel. Owns every
// listener it adds; dispose() removes them. Loaded lazily, on first use.
import type { AutopilotPlan, AutopilotRequest, AutopilotState } from '../../protocol/autopilot';
import type { Result } from '../../protocol/result';
import { DisposableStore, toDisposable } from '../../lib/lifecycle';
import { connectedSocket, type OnrampSocket } from './socket-client';

const ACK_TIMEOUT_MS = 10_000;

type Request = Partial<Pick<AutopilotRequest, 'path' | 'tabs' | 'params' | 'from'>> & { readonly chapter: string };

export class AutopilotLink {
  private readonly listeners = new DisposableStore();

  private constructor(
    private readonly socket: OnrampSocket,
    private readonly onState: (state: AutopilotState) => void,
    private readonly onConnection: (connected: boolean) => void,
  ) {
    const onPush = (msg: AutopilotState) => this.onState(msg);
    const onDisconnect = () => this.onConnection(false);
    // After a dropped connection (or a server restart) the server replays every autopilot.
    const onReconnect = () => {
      this.onConnection(true);
      void this.replay().catch(() => undefined);
    };
    socket.on('autopilot:state', onPush);
    socket.on('disconnect', onDisconnect);
    socket.io.on('reconnect', onReconnect);
    this.listeners.add(toDisposable(() => socket.off('autopilot:state', onPush)));
    this.listeners.add(toDisposable(() => socket.off('disconnect', onDisconnect)));
    this.listeners.add(toDisposable(() => socket.io.off('reconnect', onReconnect)));
  }

  /** Connect (or reuse the page's socket), follow autopilot pushes and replay what the server knows. */
  static async open(
    onState: (state: AutopilotState) => void,
    onConnection: (connected: boolean) => void,
  ): Promise<AutopilotLink> {
    const link = new AutopilotLink(await connectedSocket(), onState, onConnection);
    await link.replay();
    return link;
  }

  /** Every autopilot the server knows, each handed to onState. */
  async replay(): Promise<void> {
    const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('autopilot:list');
    if (res.ok) for (const state of res.value) this.onState(state);
  }

  /** The chapter planned for a path and tabs (nothing runs): its items, tabs and pre-filled values. */
  plan(req: Request): Promise<Result<AutopilotPlan>> {
    return this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('autopilot:plan', req);
  }

  /** Start the chapter (or join its run in progress); an error says why it did not start. */
  async start(req: Request): Promise<string | null> {
    const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('autopilot:start', req);
    if (!res.ok) return res.error;
    this.onState(res.value.state);
    return null;
  }

  /** Values for the parameters the autopilot waits for; an error says why they were not taken. */
  answer(autopilotId: string, params: Record<string, string>): Promise<string | null> {
    return this.settle(this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('autopilot:answer', { autopilotId, params }));
  }

  /** The reader did the manual step: go on. */
  continue(autopilotId: string): Promise<string | null> {
    return this.settle(this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('autopilot:continue', { autopilotId }));
  }

  cancel(autopilotId: string): Promise<string | null> {
    return this.settle(this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('autopilot:cancel', { autopilotId }));
  }

  private async settle(pending: Promise<Result<AutopilotState>>): Promise<string | null> {
    const res = await pending;
    if (!res.ok) return res.error;
    this.onState(res.value);
    return null;
  }

  dispose(): void {
    this.listeners.dispose();
  }
}
