// Asks one secret on its terminal through the CLI's ttySecretAsker, once it gets SIGUSR1 (so a
// test can type ahead first), and prints what it got as "answer=<value>" (a test value, never a
// real secret) or "answer=(none)".
import { ttySecretAsker } from '../../server/cli/tty-secret';

const ask = ttySecretAsker();
if (ask === undefined) throw new Error('stdin is not a terminal: run this on a pty');
process.stdout.write('probe ready\n');
// a signal listener alone does not keep Node running
const alive = setInterval(() => undefined, 60_000);
await new Promise<void>((resolve) => process.once('SIGUSR1', () => resolve()));
clearInterval(alive);
const answer = await ask({
  kind: 'sudo-password',
  target: 'host',
  label: 'sudo password for probe on this computer',
  message: 'probe',
  attempt: 1,
});
process.stdout.write(`answer=${answer ?? '(none)'}\n`);
