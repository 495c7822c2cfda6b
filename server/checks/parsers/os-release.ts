// `uname -sm` and /etc/os-release: which machine the reader is on.

export interface Platform {
  /** `uname -s`: Linux, Darwin, ... */
  readonly kernel: string;
  /** `uname -m`: x86_64, aarch64, arm64, ... */
  readonly arch: string;
}

export function parseUname(text: string): Platform | undefined {
  const [kernel, arch] = text.trim().split(/\s+/);
  return kernel && arch ? { kernel, arch } : undefined;
}

/** KEY=value and KEY="value" lines. */
export function parseOsRelease(text: string): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_0-9]+)=(?:"(.*)"|'(.*)'|(.*))$/.exec(line.trim());
    if (match?.[1]) fields.set(match[1], match[2] ?? match[3] ?? match[4] ?? '');
  }
  return fields;
}
