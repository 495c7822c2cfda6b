// A check in the printed guide: what Onramp verifies at this point, without the button.
import { CHECKS, isKnownCheck } from '../../protocol/check-catalog';

export function PrintCheck({ id }: { readonly id: string }) {
  if (!isKnownCheck(id)) throw new Error(`<Check id="${id}"> is not in protocol/check-catalog.ts`);
  const meta = CHECKS[id];
  return (
    <p className="print-check" data-testid={`print-check-${id}`}>
      <strong>Check</strong> ({meta.target === 'dom0' ? 'dom0' : 'your computer'}): {meta.title}. Run it with{' '}
      <code>onramp doctor</code> or the guide&apos;s Check button.
    </p>
  );
}
