// One "Check my setup" box's link to the companion server: runs its check over the page's socket
// and, from the first run on, follows the verdicts of the same check run from elsewhere (the
// dashboard's "run all") and the prompts of checks waiting for a secret (this one, or a
// prerequisite it runs first), which it answers or declines. dispose() removes every listener it
// added. Loaded lazily, on the first click: a chapter page carries none of it up front.
import type { CheckSecretPrompt } from '../../protocol/socket-secrets';
import type { Verdict } from '../../protocol/verdict';
import { answerCheckPrompt, cancelCheckPrompt, followCheckPrompts } from './check-prompts';
import { connectedSocket, type OnrampSocket } from './socket-client';

// The server bounds every check (the boot check's deadline grows with a slow dom0, up to ~9 min), and a
// check may also wait up to 5 minutes for a sudo password (CHECK_SECRET_WAIT_MS).
const CHECK_TIMEOUT_MS = 900_000;

/** Where a check box hears what comes from the server besides its own answer. */
export interface CheckListeners {
  /** A verdict of this check, run from this box or from anywhere else. */
  onVerdict(verdict: Verdict): void;
  /** The prompts waiting for a secret, as a list update. */
  setPrompts(update: (list: CheckSecretPrompt[]) => CheckSecretPrompt[]): void;
}

export class CheckLink {
  private socket: OnrampSocket | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly checkId: string,
    private readonly listeners: CheckListeners,
  ) {}

  /**
   * Run the check: connects (rejects with NotSignedIn or CompanionUnreachable as connectedSocket
   * does), follows verdicts and prompts from the first run on, and resolves with the verdict (a
   * refusal by the server as an error verdict).
   */
  async run(): Promise<Verdict> {
    const socket = await connectedSocket();
    if (!this.unsubscribe) this.follow(socket);
    const res = await socket.timeout(CHECK_TIMEOUT_MS).emitWithAck('check:run', { checkId: this.checkId });
    return res.ok ? res.value : { status: 'error', reason: `the server refused the check: ${res.error}` };
  }

  /** Send a prompt's answer; resolves with an error to show, or null once the server took it. */
  async answer(promptId: string, value: string): Promise<string | null> {
    return this.socket ? answerCheckPrompt(this.socket, promptId, value) : 'not connected to Onramp';
  }

  /** Decline a prompt: the checks waiting for it end saying no password was given. */
  decline(promptId: string): void {
    if (this.socket) cancelCheckPrompt(this.socket, promptId).catch(() => undefined);
  }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private follow(socket: OnrampSocket): void {
    const onResult = (msg: { checkId: string; verdict: Verdict }) => {
      if (msg.checkId === this.checkId) this.listeners.onVerdict(msg.verdict);
    };
    socket.on('check:result', onResult);
    const stopPrompts = followCheckPrompts(socket, (update) => this.listeners.setPrompts(update));
    this.socket = socket;
    this.unsubscribe = () => {
      socket.off('check:result', onResult);
      stopPrompts();
    };
  }
}
