// The one registry of components chapters may use, bound to the step registry at build time.
import type { ComponentProps } from 'react';
import type { StepRegistry } from '../protocol/steps';
import { Callout } from './callout';
import { Check } from './check';
import { NetworkDiagram } from './diagram/network-diagram';
import { Step, type StepProps } from './step';
import { Tab, Tabs } from './tabs';

export function mdxComponents(registry: StepRegistry) {
  return {
    Step: (props: StepProps) => <Step {...props} registry={registry} />,
    Check,
    Callout,
    Tabs,
    Tab,
    NetworkDiagram,
    table: (props: ComponentProps<'table'>) => (
      <div className="table-scroll">
        <table {...props} />
      </div>
    ),
  };
}
