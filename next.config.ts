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
  typescript: { tsconfigPath: 'tsconfig.json' },
};

export default config;
