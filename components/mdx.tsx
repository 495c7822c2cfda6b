// The one registry of components chapters may use, bound to the step registry at build time.
import type { ComponentProps, ReactNode } from 'react';
import type { StepRegistry } from '../protocol/steps';
import { Callout } from './callout';
import { Check } from './check';
import { NetworkDiagram } from './diagram/network-diagram';
import { Step, type StepProps } from './step';
import { Tab, Tabs } from './tabs';

/** `afterTitle`: shown right under the chapter's `# Title` (the chapter page's "Run this chapter"). */
export function mdxComponents(registry: StepRegistry, afterTitle?: ReactNode) {
  return {
    h1: (props: ComponentProps<'h1'>) => (
      <>
        <h1 {...props} />
        {afterTitle}
      </>
    ),
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
