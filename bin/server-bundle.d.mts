// Types of bin/server-bundle.mjs (plain JavaScript: it runs before any TypeScript loader).

/** What inputs.json records about a bundle. */
export interface BundleManifest {
  readonly recipe: number;
  readonly esbuild: string;
  /** Each source, relative to the root, and its SHA-256 (hex). */
  readonly inputs: Readonly<Record<string, string>>;
}

export const SERVER_ENTRY: string;
export const SERVER_BUILD_DIR: string;
export function manifestIsCurrent(root: string, manifest: BundleManifest | undefined): boolean;
export function buildServerBundle(root: string): string;
export function freshServerBundle(root: string): string | undefined;
