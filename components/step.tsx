// <Step> in a chapter: where it runs, its highlighted command, and the runner (or, in a static
// build, a note). Parameter declarations come from the step registry, looked up at build time.
import type { ReactNode } from 'react';
import type { StepRegistry } from '../protocol/steps';
import { STATIC_MODE } from './static-mode';
import { StaticNote } from './static-note';
import { StepRunner } from './step-runner';

export interface StepProps {
  readonly id: string;
  readonly target?: string;
  readonly root?: boolean | string;
  readonly timeout?: string;
  readonly params?: string;
  readonly children?: ReactNode;
}

export function Step({ registry, id, children }: StepProps & { readonly registry: StepRegistry }) {
  const decl = registry.steps.find((s) => s.id === id);
  if (!decl) {
    const known = registry.steps.map((s) => s.id).join(', ') || 'none';
    throw new Error(
      `<Step id="${id}"> is not in the step registry (known steps: ${known}); the content build must declare it.`,
    );
  }
  return (
    <section className="step" data-testid={`step-${id}`} aria-label={`Step ${id}`}>
      <header className="step-header">
        <span
          className={`badge target-${decl.target}`}
          title={decl.target === 'dom0' ? 'Runs in the Xen dom0, over SSH' : 'Runs on this machine'}
        >
          {decl.target}
        </span>
        {decl.root && (
          <span className="badge root" title="Runs as root">
            root
          </span>
        )}
        {decl.timeoutSec !== undefined && <span className="badge muted">timeout {decl.timeoutSec} s</span>}
        <code className="step-id">{id}</code>
      </header>
      <div className="step-code">{children}</div>
      {STATIC_MODE ? (
        <StaticNote />
      ) : (
        <StepRunner stepId={id} params={decl.params} root={decl.root} target={decl.target} />
      )}
    </section>
  );
}
