// The Settings form's dom0 fields: no guessed login user, saved values kept as they are.
import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, USER_HINT, formFromTarget, targetFromForm } from '../../components/dom0/dom0-form';

describe('dom0 settings form', () => {
  it('starts with an empty user (the guide logs in as user or onramp, never root), named by the hint', () => {
    expect(EMPTY_FORM.user).toBe('');
    expect(USER_HINT).toBe('user on the VirtualBox dom0, onramp on the QEMU lab');
  });

  it('left empty, the user is asked for with the guide users as examples', () => {
    expect(targetFromForm({ ...EMPTY_FORM, host: '192.168.56.5' })).toEqual({
      ok: false,
      error: 'Enter the user to log in to dom0 as (user on the VirtualBox dom0, onramp on the QEMU lab).',
    });
  });

  it('a saved target keeps its user, root included', () => {
    const saved = { host: '192.168.56.5', port: 22, user: 'root', auth: { kind: 'agent' as const } };
    expect(formFromTarget(saved).user).toBe('root');
    expect(targetFromForm(formFromTarget(saved))).toEqual({ ok: true, value: saved });
  });
});
