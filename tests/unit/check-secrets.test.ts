// The prompts checks wait on: one per target and kind at a time (shared by checks running at
// once), answered or declined once, given up after the wait and on close.
import { describe, expect, it } from 'vitest';
import type { CheckId } from '../../protocol/ids';
import type { CheckSecretPrompt } from '../../protocol/socket-secrets';
import { CheckSecrets } from '../../server/checks/check-secrets';
import type { SecretRequest } from '../../server/runners/types';

const req = (over: Partial<SecretRequest> = {}): SecretRequest => ({
  kind: 'sudo-password',
  target: 'dom0',
  label: 'sudo password for onramp in dom0 (127.0.0.1)',
  message: 'This check runs its command as root',
  attempt: 1,
  ...over,
});

function watched(waitMs?: number) {
  const secrets = new CheckSecrets(waitMs);
  const needed: CheckSecretPrompt[] = [];
  const settled: string[] = [];
  secrets.onNeeded((p) => needed.push(p));
  secrets.onSettled((id) => settled.push(id));
  return { secrets, needed, settled };
}

describe('CheckSecrets', () => {
  it('checks asking for the same secret at once share one prompt and one answer', async () => {
    const { secrets, needed, settled } = watched();
    const a = secrets.ask('xen-running' as CheckId, req());
    const b = secrets.ask('xen-version' as CheckId, req({ attempt: 2 }));
    expect(needed).toHaveLength(1);
    expect(needed[0]).toMatchObject({ checkId: 'xen-running', target: 'dom0', kind: 'sudo-password', attempt: 1 });
    expect(secrets.current()).toEqual(needed);
    expect(secrets.answer(needed[0]!.promptId, 'pw')).toBe(true);
    expect(await Promise.all([a, b])).toEqual(['pw', 'pw']);
    expect(settled).toEqual([needed[0]!.promptId]);
    expect(secrets.current()).toEqual([]);
    // Answered once: a second answer (another tab) is refused.
    expect(secrets.answer(needed[0]!.promptId, 'again')).toBe(false);
  });

  it('another target or kind gets its own prompt', () => {
    const { secrets, needed } = watched();
    void secrets.ask('xen-running' as CheckId, req());
    void secrets.ask(
      'opam-version' as CheckId,
      req({ target: 'host', label: 'sudo password for alice on this computer' }),
    );
    void secrets.ask('dom0-reachable' as CheckId, req({ kind: 'passphrase', label: 'passphrase of ~/.ssh/id' }));
    expect(needed).toHaveLength(3);
    expect(new Set(needed.map((p) => p.promptId)).size).toBe(3);
  });

  it('Cancel answers nothing', async () => {
    const { secrets, needed } = watched();
    const a = secrets.ask('xen-running' as CheckId, req());
    expect(secrets.cancel(needed[0]!.promptId)).toBe(true);
    expect(await a).toBeUndefined();
    expect(secrets.cancel(needed[0]!.promptId)).toBe(false);
  });

  it('a prompt nobody answers is given up after the wait', async () => {
    const { secrets, settled } = watched(20);
    expect(await secrets.ask('xen-running' as CheckId, req())).toBeUndefined();
    expect(settled).toHaveLength(1);
  });

  it('close gives up every prompt, and later asks get nothing', async () => {
    const { secrets, needed } = watched();
    const a = secrets.ask('xen-running' as CheckId, req());
    secrets.close();
    expect(await a).toBeUndefined();
    expect(await secrets.ask('xen-version' as CheckId, req())).toBeUndefined();
    expect(needed).toHaveLength(1);
  });
});
