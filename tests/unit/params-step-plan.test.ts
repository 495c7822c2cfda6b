// A run request becomes a plan only for a declared step with valid parameters; values only
// ever become environment variables, and the argv is the step's literal command.
import { describe, expect, it } from 'vitest';
import type { StepDecl } from '../../protocol/steps';
import { StepIdSchema } from '../../protocol/ids';
import { planStepRun, StepCatalog } from '../../server/steps/step-catalog';

const step = (id: string, command: string, params: StepDecl['params'] = []): StepDecl => ({
  id: StepIdSchema.parse(id),
  target: 'host',
  command,
  lang: 'sh',
  params,
  root: false,
  chapter: 'playground',
  at: { file: 'tests/fixtures/content/playground.mdx', line: 1 },
});

const catalog = new StepCatalog({
  steps: [
    step('echo-param', 'printf "%s\\n" "$ONRAMP_MESSAGE"', [{ name: 'message', kind: 'text' }]),
    step('touch-param', 'touch "$ONRAMP_DIR/x"', [{ name: 'dir', kind: 'path', default: '/tmp' }]),
  ],
  checks: [],
  chapters: [],
});

describe('planStepRun', () => {
  it('refuses an unregistered step id, naming it', () => {
    const plan = planStepRun(catalog, 'rm-rf', {});
    expect(plan).toEqual({ ok: false, error: expect.stringContaining('unknown step "rm-rf"') });
  });
  it('refuses a prototype key as a step id', () => {
    for (const id of ['__proto__', 'constructor', 'toString']) expect(planStepRun(catalog, id, {}).ok).toBe(false);
  });
  it.each([
    [{}, 'parameter "message" is required'],
    [{ message: 'a', extra: 'b' }, 'unknown parameter "extra"'],
    [{ message: 'line\nbreak' }, 'no control characters'],
    [{ message: 'x'.repeat(1025) }, 'parameter "message"'],
    [{ message: 42 }, 'parameters must be an object of strings'],
    ['message=x', 'parameters must be an object of strings'],
  ])('refuses params %j (%s)', (params, error) => {
    expect(planStepRun(catalog, 'echo-param', params)).toEqual({ ok: false, error: expect.stringContaining(error) });
  });
  it.each([
    '$(touch M)',
    '`touch M`',
    '; touch M',
    '| touch M',
    '&& touch M',
    "'; touch M; '",
    '"; touch M; "',
    '${IFS}touch${IFS}M',
  ])('passes %j through unchanged, as environment only', (message) => {
    const plan = planStepRun(catalog, 'echo-param', { message });
    expect(plan).toMatchObject({ ok: true, value: { env: { ONRAMP_MESSAGE: message } } });
    if (plan.ok) expect(plan.value.step.command).toBe('printf "%s\\n" "$ONRAMP_MESSAGE"');
  });
  it('fills a default and keeps the command text literal', () => {
    const plan = planStepRun(catalog, 'touch-param', undefined);
    expect(plan).toMatchObject({ ok: true, value: { env: { ONRAMP_DIR: '/tmp' } } });
    if (plan.ok) expect(plan.value.step.command).not.toContain('/tmp');
  });
});
