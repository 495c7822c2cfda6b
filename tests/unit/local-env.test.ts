// A local command's environment puts this Onramp's bin/ first on PATH (so a step's `onramp …`
// runs this Onramp without npm link), once, and the step's own variables on top.
import { describe, expect, it } from 'vitest';
import { ONRAMP_BIN_DIR, localCommandEnv as withOnramp } from '../../server/runners/local-env';

/** (Next's types declare NODE_ENV on ProcessEnv; these small environments have none.) */
const localCommandEnv = (base: Record<string, string>, extra?: Record<string, string>) =>
  withOnramp(base as NodeJS.ProcessEnv, extra);

describe('localCommandEnv', () => {
  it('puts Onramp’s bin/ first, keeps the rest of PATH in order, and adds the step’s variables', () => {
    const env = localCommandEnv({ PATH: '/usr/local/bin:/usr/bin', HOME: '/home/a' }, { ISO: '/tmp/x.iso' });
    expect(env).toEqual({ PATH: `${ONRAMP_BIN_DIR}:/usr/local/bin:/usr/bin`, HOME: '/home/a', ISO: '/tmp/x.iso' });
    expect(ONRAMP_BIN_DIR).toMatch(/\/bin$/);
  });

  it('never twice, and with no PATH at all it is the only entry', () => {
    expect(localCommandEnv({ PATH: `/usr/bin:${ONRAMP_BIN_DIR}:/bin` }).PATH).toBe(`${ONRAMP_BIN_DIR}:/usr/bin:/bin`);
    expect(localCommandEnv({}).PATH).toBe(ONRAMP_BIN_DIR);
  });

  it('does not change the environment it was given', () => {
    const base = { PATH: '/usr/bin' };
    localCommandEnv(base, { A: '1' });
    expect(base).toEqual({ PATH: '/usr/bin' });
  });
});
