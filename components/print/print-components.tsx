// The MDX components of the printed guide: the chapter components, with nothing interactive.
import type { ComponentProps, ReactNode } from 'react';
import type { StepRegistry } from '../../protocol/steps';
import { Callout } from '../callout';
import { NetworkDiagram } from '../diagram/network-diagram';
import { PrintCheck } from './print-check';
import { PrintStep } from './print-step';
import { PrintTab, PrintTabs } from './print-tabs';

export function printComponents(registry: StepRegistry) {
  return {
    Step: (props: { readonly id: string; readonly children?: ReactNode }) => (
      <PrintStep registry={registry} id={props.id}>
        {props.children}
      </PrintStep>
    ),
    Check: PrintCheck,
    Callout,
    Tabs: PrintTabs,
    Tab: PrintTab,
    NetworkDiagram,
    table: (props: ComponentProps<'table'>) => <table {...props} />,
  };
}
