// Tabs without JavaScript: radio inputs and labels; CSS shows the panel of the checked one.
import { Children, isValidElement, useId, type ReactElement, type ReactNode } from 'react';

export interface TabProps {
  readonly label: string;
  /** The setup path this tab is for (`virtualbox`, `qemu`, `generic`): it opens on the reader's path (setup-path-tabs.tsx). */
  readonly path?: string;
  readonly children?: ReactNode;
}

export function Tab({ children }: TabProps) {
  return <>{children}</>;
}

export function Tabs({ children }: { readonly children?: ReactNode }) {
  const group = useId();
  const tabs = Children.toArray(children).filter(
    (c): c is ReactElement<TabProps> => isValidElement<TabProps>(c) && typeof c.props.label === 'string',
  );
  return (
    <div className="tabs">
      {tabs.map((tab, i) => {
        const id = `${group}-${i}`;
        return (
          <div className="tab" key={id}>
            <input
              type="radio"
              className="tab-input"
              name={group}
              id={id}
              defaultChecked={i === 0}
              {...(tab.props.path ? { 'data-path': tab.props.path } : {})}
            />
            <label className="tab-label" htmlFor={id}>
              {tab.props.label}
            </label>
            <div className="tab-panel">{tab.props.children}</div>
          </div>
        );
      })}
    </div>
  );
}
