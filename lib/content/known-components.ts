// The JSX components a chapter may use: Step and Check are read by the content build; the others
// are rendered by the app's MDX component registry. Anything else fails the build.
export const KNOWN_COMPONENTS = ['Step', 'Check', 'Callout', 'Tabs', 'Tab', 'NetworkDiagram'] as const;
export type KnownComponent = (typeof KNOWN_COMPONENTS)[number];

export function isKnownComponent(name: string): name is KnownComponent {
  return (KNOWN_COMPONENTS as readonly string[]).includes(name);
}
