// How tests and benchmarks start Debian's Chromium (browser downloads are not possible here):
// headless as root, and without the background traffic this closed network would refuse.
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** The `use` block of a Playwright config. */
export const chromiumUse = {
  browserName: 'chromium',
  headless: true,
  launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  trace: 'retain-on-failure',
} as const;
