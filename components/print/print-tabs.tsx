// Tabs in the printed guide: every tab's content, one after the other, each under its label.
import { Children, isValidElement, type ReactElement, type ReactNode } from 'react';

export interface PrintTabProps {
  readonly label: string;
  readonly children?: ReactNode;
}

export function PrintTab({ label, children }: PrintTabProps) {
  return (
    <div className="print-tab">
      <p className="print-tab-label">{label}</p>
      {children}
    </div>
  );
}

export function PrintTabs({ children }: { readonly children?: ReactNode }) {
  const tabs = Children.toArray(children).filter(
    (c): c is ReactElement<PrintTabProps> => isValidElement<PrintTabProps>(c) && typeof c.props.label === 'string',
  );
  return <div className="print-tabs">{tabs}</div>;
}
