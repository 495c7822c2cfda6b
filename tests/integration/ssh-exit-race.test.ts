// A quick command's exit status can arrive in the same batch of SSH packets as the channel's
// open confirmation; ssh2 then emits 'exit' before an awaiting caller could listen. Hundreds of
// instant commands over one connection must all report their exit code.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';

let dom0: SshdDom0;
beforeAll(async () => {
  dom0 = await startSshdDom0();
});
afterAll(async () => {
  await dom0?.close();
});

it('every one of 400 instant commands reports its exit code (none "closed without an exit status")', async () => {
  const failures: string[] = [];
  for (let i = 0; i < 400; i += 1) {
    const code = i % 2;
    const out = await dom0.runner.exec({ argv: ['sh', '-c', `exit ${code}`] });
    if (out.exitCode !== code || out.error) failures.push(`#${i}: exit ${out.exitCode}, ${out.error ?? 'no error'}`);
  }
  expect(failures).toEqual([]);
  expect(dom0.pool.stats().connects).toBe(1);
});
