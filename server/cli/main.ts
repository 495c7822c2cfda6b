// `onramp <command>`: each command lives in its own module and registers itself here.
import { Command, CommanderError } from 'commander';
import { registerServe } from './serve';
import { registerMachine } from './machine';
import { registerDoctor } from './doctor';
import { registerPdf } from './pdf';
import { registerCompose } from './compose';
import { registerSync } from './sync';
import { registerGuide } from './guide';

export async function run(args: readonly string[]): Promise<number> {
  const program = new Command('onramp')
    .description('From nothing to a MirageOS unikernel booting on Xen')
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  registerServe(program, setExit);
  registerMachine(program, setExit);
  registerDoctor(program, setExit);
  registerPdf(program, setExit);
  registerCompose(program, setExit);
  registerSync(program, setExit);
  registerGuide(program, setExit);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  return exitCode;
}
