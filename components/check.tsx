// <Check> in a chapter: the check's title from the catalogue and a "Check my setup" button.
import { CHECKS, isKnownCheck } from '../protocol/check-catalog';
import { CheckRunner } from './check-runner';
import { STATIC_MODE } from './static-mode';
import { StaticNote } from './static-note';

export function Check({ id }: { readonly id: string }) {
  if (!isKnownCheck(id)) {
    throw new Error(
      `<Check id="${id}"> is not in protocol/check-catalog.ts (known: ${Object.keys(CHECKS).join(', ')}); add it there or fix the id.`,
    );
  }
  const meta = CHECKS[id];
  return (
    <aside className="check" data-testid={`check-${id}`} aria-label={`Check: ${meta.title}`}>
      <p className="check-title">
        <span className="badge">check</span> {meta.title}
        {meta.target === 'dom0' && <span className="badge target-dom0">dom0</span>}
      </p>
      {STATIC_MODE ? <StaticNote /> : <CheckRunner checkId={id} />}
    </aside>
  );
}
