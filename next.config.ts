import type { NextConfig } from 'next';

// The app is a static export served by the companion server (server/http), which adds the
// token check, the Host/Origin rules and the CSP. ONRAMP_DIST_DIR lets tests build elsewhere.
const config: NextConfig = {
  output: 'export',
  distDir: process.env.ONRAMP_DIST_DIR ?? 'out',
  trailingSlash: false,
  images: { unoptimized: true },
  poweredByHeader: false,
  reactStrictMode: true,
  // The test lane typechecks the whole tree (tsc -p tsconfig.json); the build need not repeat it.
  typescript: { tsconfigPath: 'tsconfig.json', ignoreBuildErrors: true },
};

export default config;
