import type { ReactNode } from 'react';

const TITLES = { note: 'Note', tip: 'Tip', warning: 'Warning', danger: 'Danger' } as const;
type CalloutType = keyof typeof TITLES;

function calloutType(type: string | undefined): CalloutType {
  return type !== undefined && Object.hasOwn(TITLES, type) ? (type as CalloutType) : 'note';
}

export function Callout({
  type,
  title,
  children,
}: {
  readonly type?: string;
  readonly title?: string;
  readonly children?: ReactNode;
}) {
  const kind = calloutType(type);
  return (
    <aside className={`callout callout-${kind}`} role="note">
      <p className="callout-title">{title ?? TITLES[kind]}</p>
      {children}
    </aside>
  );
}
