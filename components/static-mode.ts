// A build with NEXT_PUBLIC_ONRAMP_STATIC=1 is the guide alone (no companion server): nothing runs.
export const STATIC_MODE = process.env.NEXT_PUBLIC_ONRAMP_STATIC === '1';

export const STATIC_NOTE = 'Start Onramp to run this:';
export const START_COMMAND = 'npm ci && npm start';
