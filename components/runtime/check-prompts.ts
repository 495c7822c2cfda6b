// The prompts of checks that wait for a secret (dom0's sudo password for xl): the server pushes
// each to every tab; any tab answers or declines it. Pure list updates plus the thin socket part.
import type { CheckSecretPrompt } from '../../protocol/socket-secrets';
import type { OnrampSocket } from './socket-client';

const ACK_TIMEOUT_MS = 10_000;

/** The list with `prompt` added (a repeated id replaces the old one). */
export function withPrompt(list: readonly CheckSecretPrompt[], prompt: CheckSecretPrompt): CheckSecretPrompt[] {
  return [...list.filter((p) => p.promptId !== prompt.promptId), prompt];
}

/** The list without prompt `promptId`. */
export function withoutPrompt(list: readonly CheckSecretPrompt[], promptId: string): CheckSecretPrompt[] {
  return list.filter((p) => p.promptId !== promptId);
}

type SetPrompts = (update: (list: CheckSecretPrompt[]) => CheckSecretPrompt[]) => void;

/**
 * Follow check prompts on `socket` into `set`, starting with those already waiting; returns the
 * unsubscribe function.
 */
export function followCheckPrompts(socket: OnrampSocket, set: SetPrompts): () => void {
  const onNeeded = (prompt: CheckSecretPrompt) => set((list) => withPrompt(list, prompt));
  const onSettled = ({ promptId }: { promptId: string }) => set((list) => withoutPrompt(list, promptId));
  socket.on('check:secret-needed', onNeeded);
  socket.on('check:secret-settled', onSettled);
  // Subscribed first, then asked: a prompt pushed in between is in both and kept once.
  socket
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('check:prompts')
    .then((res) => {
      if (res.ok) set((list) => res.value.reduce(withPrompt, list));
    })
    .catch(() => undefined);
  return () => {
    socket.off('check:secret-needed', onNeeded);
    socket.off('check:secret-settled', onSettled);
  };
}

/** Send the answer; resolves with an error to show, or null once the server took it. */
export async function answerCheckPrompt(socket: OnrampSocket, promptId: string, value: string): Promise<string | null> {
  const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('check:secret', { promptId, value });
  return res.ok ? null : res.error;
}

/** Decline the prompt: the checks waiting for it end saying no password was given. */
export async function cancelCheckPrompt(socket: OnrampSocket, promptId: string): Promise<void> {
  await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('check:secret-cancel', { promptId });
}
