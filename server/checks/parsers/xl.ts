// `xl info` (key : value lines) and `xl list` (a table) from a Xen dom0.

export function parseXlInfo(text: string): ReadonlyMap<string, string> {
  const info = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_0-9]+)\s*:\s?(.*?)\s*$/.exec(line);
    if (match?.[1] && !info.has(match[1])) info.set(match[1], match[2] ?? '');
  }
  return info;
}

export interface XlDomain {
  readonly name: string;
  readonly id: number;
  readonly memMb: number;
  readonly vcpus: number;
  readonly state: string;
}

/** Rows of `xl list`; the header is recognised by its columns, not its position. */
export function parseXlList(text: string): XlDomain[] {
  const domains: XlDomain[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([-rbpscd]{6})\s+[\d.]+\s*$/.exec(line.trim());
    if (!match?.[1]) continue;
    domains.push({
      name: match[1],
      id: Number(match[2]),
      memMb: Number(match[3]),
      vcpus: Number(match[4]),
      state: match[5] ?? '',
    });
  }
  return domains;
}

/** The wordings of a refusal in xl/libxl/libxc/xencall output: EACCES, EPERM, an XSM/FLASK `avc: denied`. */
const REFUSAL = /Permission denied|Operation not permitted|\bEACCES\b|\bEPERM\b|avc:\s+denied|access denied/i;

/** The first line in which Xen's tools report a refusal (any of libxl, xc, xencall, xenstore, xl), else undefined. */
export function xlRefusalLine(stderr: string): string | undefined {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => REFUSAL.test(l));
}

/** xl was refused by Xen ("Permission denied", "Operation not permitted"...). */
export function isXlPermissionDenied(stderr: string): boolean {
  return xlRefusalLine(stderr) !== undefined && /libxl|xl|xc:|xencall|xenctrl|xenstore|privcmd|hypercall/i.test(stderr);
}

/** sudo -n refused because it would need a password. */
export function isSudoPasswordRequired(stderr: string): boolean {
  return /sudo: (a password is required|a terminal is required)/.test(stderr);
}
