// Props of the layout components the app renders (components/callout.tsx, components/tabs.tsx),
// checked at build time so that a typo fails the build instead of rendering the wrong thing.
import { SETUP_PATHS } from '../../protocol/check-catalog';
import { contentErrorAt } from './content-error';
import { readLiteralProps, stringProp, type JsxElement } from './jsx-props';

/** components/diagram/network-plan.ts NetworkPlanProps: each replaces a part of the standard plan. */
const NETWORK_DIAGRAM_PROPS = { hostIp: 'string', hostAdapter: 'string', dom0Ip: 'string', bridge: 'string', dom0Nic: 'string', unikernelFrom: 'string' } as const;

export const CALLOUT_TYPES = ['note', 'tip', 'warning', 'danger'] as const;

export function checkLayoutComponent(file: string, element: JsxElement): void {
  switch (element.name) {
    case 'Callout': {
      const props = readLiteralProps(file, element, { type: 'string', title: 'string' });
      const type = stringProp(props, 'type');
      if (type !== undefined && !(CALLOUT_TYPES as readonly string[]).includes(type)) {
        throw contentErrorAt(file, props.get('type')?.position, `<Callout> type "${type}" is not known; expected one of ${CALLOUT_TYPES.join(', ')}`);
      }
      return;
    }
    case 'Tabs':
      readLiteralProps(file, element, {});
      return;
    case 'Tab': {
      const props = readLiteralProps(file, element, { label: 'string', path: 'string' });
      if (stringProp(props, 'label') === undefined) {
        throw contentErrorAt(file, element.position, '<Tab> has no label; expected <Tab label="Debian or Ubuntu">');
      }
      // path="qemu" | "virtualbox": the setup path this tab is for (the autopilot's --path picks it).
      const path = stringProp(props, 'path');
      if (path !== undefined && !(SETUP_PATHS as readonly string[]).includes(path)) {
        throw contentErrorAt(file, props.get('path')?.position, `<Tab> path "${path}" is not a setup path; expected one of ${SETUP_PATHS.join(', ')}`);
      }
      return;
    }
    case 'NetworkDiagram':
      readLiteralProps(file, element, NETWORK_DIAGRAM_PROPS);
      return;
    default:
      return;
  }
}
