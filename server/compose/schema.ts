// The compose file (`onramp-compose.yaml`): services (unikernels) and the bridges that join them.
import { z } from 'zod';
import { parseCidr, parseIpv4 } from '../network/ipv4';

const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const BRIDGE = /^[A-Za-z0-9_.-]{1,15}$/;

const name = (what: string) =>
  z.string().regex(NAME, `${what} must be lowercase letters, digits, "_" or "-" (starting with a letter or digit)`);

const duration = z
  .union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?(ms|s|m)$/, 'expected a duration like 500ms, 2s or 1m')])
  .transform((v) => (typeof v === 'number' ? v * 1000 : parseDuration(v)));

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  const value = Number(match?.[1] ?? 0);
  return match?.[2] === 'ms' ? value : match?.[2] === 'm' ? value * 60_000 : value * 1000;
}

const ipv4 = z.string().refine((s) => parseIpv4(s) !== undefined, 'expected a dotted IPv4 address like 10.0.0.5');

const healthTiming = {
  interval: duration.default(1000),
  timeout: duration.default(2000),
  retries: z.number().int().positive().default(30),
};

export const HealthcheckSchema = z.union([
  z.strictObject({ console: z.string().min(1, 'the console pattern is empty'), ...healthTiming }),
  z.strictObject({ tcp: z.number().int().min(1).max(65535), ...healthTiming }),
]);

const DependsLong = z.strictObject({
  condition: z.enum(['service_started', 'service_healthy']).default('service_started'),
});

const ServiceNetwork = z.strictObject({ ipv4_address: ipv4.optional() }).nullable();

export const ServiceSchema = z
  .strictObject({
    build: z.string().min(1).optional(),
    kernel: z.string().min(1).optional(),
    /** An initial ramdisk on this machine (for Linux guests), copied next to the kernel. */
    ramdisk: z.string().min(1).optional(),
    /** xl's tsc_mode; Linux PVH guests under nested virtualisation need `native`. */
    tsc_mode: z.enum(['default', 'always_emulate', 'native', 'native_paravirt']).optional(),
    memory: z.number().int().min(8, 'memory is in MB and must be at least 8').default(32),
    networks: z.union([z.array(name('a network name')), z.record(name('a network name'), ServiceNetwork)]).default([]),
    args: z
      .array(
        z
          .string()
          .regex(/^[^\s'"\\]+$/, 'a boot argument has no spaces, quotes or backslashes (one argument per item)'),
      )
      .default([]),
    depends_on: z.union([z.array(name('a service name')), z.record(name('a service name'), DependsLong)]).default([]),
    healthcheck: HealthcheckSchema.optional(),
  })
  .refine((s) => (s.build === undefined) !== (s.kernel === undefined), {
    message: 'a service needs exactly one of build (a Mirage project folder) or kernel (a prebuilt image)',
  });

export const NetworkSchema = z.strictObject({
  bridge: z.string().regex(BRIDGE, 'a bridge name is 1-15 letters, digits, "_", "." or "-"'),
  subnet: z
    .string()
    .refine((s) => /\/\d+$/.test(s) && parseCidr(s) !== undefined, 'expected a subnet like 10.10.0.0/24'),
  gateway: ipv4.optional(),
});

export const ComposeFileSchema = z.strictObject({
  name: name('the project name'),
  services: z
    .record(name('a service name'), ServiceSchema)
    .refine((s) => Object.keys(s).length > 0, 'at least one service is needed'),
  networks: z.record(name('a network name'), NetworkSchema).default({}),
});

export type ComposeFile = z.output<typeof ComposeFileSchema>;
export type ComposeService = z.output<typeof ServiceSchema>;
export type ComposeNetwork = z.output<typeof NetworkSchema>;
export type Healthcheck = z.output<typeof HealthcheckSchema>;
