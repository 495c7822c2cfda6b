// A step in the printed guide: its command as a code block, labelled with where and how it runs.
import type { ReactNode } from 'react';
import { paramEnvName } from '../../protocol/params';
import type { StepRegistry } from '../../protocol/steps';

const TARGET_LABEL = { host: 'On your computer', dom0: 'In dom0 (over SSH)' } as const;

export function stepLabel(target: keyof typeof TARGET_LABEL, root: boolean): string {
  return `${TARGET_LABEL[target]}${root ? ', as root' : ''}`;
}

export function PrintStep({
  registry,
  id,
  children,
}: {
  readonly registry: StepRegistry;
  readonly id: string;
  readonly children?: ReactNode;
}) {
  const decl = registry.steps.find((s) => s.id === id);
  if (!decl) throw new Error(`<Step id="${id}"> is not in the step registry; the content build must declare it.`);
  const params = decl.params.map((p) =>
    p.default !== undefined ? `${paramEnvName(p.name)}=${p.default}` : paramEnvName(p.name),
  );
  return (
    <figure className="print-step" data-testid={`print-step-${id}`} data-target={decl.target}>
      <figcaption>
        <strong>{stepLabel(decl.target, decl.root)}</strong>
        <span className="print-step-id"> · {id}</span>
        {params.length > 0 && <span className="print-step-params"> · parameters: {params.join(', ')}</span>}
      </figcaption>
      {children}
    </figure>
  );
}
