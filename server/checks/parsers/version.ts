// Version numbers as the tools print them: "2.1.2", "4.14.1+options", "7.0.14r161095", "4.17.4-pre".

export type Version = readonly number[];

/** The first dotted number in the text ("The OCaml toplevel, version 4.12.0" → [4, 12, 0]). */
export function parseVersion(text: string): Version | undefined {
  const match = /(\d+(?:\.\d+)+)/.exec(text);
  if (!match?.[1]) return undefined;
  return match[1].split('.').map(Number);
}

/** The first dotted number exactly as printed ("7.0.14r161095" → "7.0.14"). */
export function versionText(text: string): string | undefined {
  return /(\d+(?:\.\d+)+)/.exec(text)?.[1];
}

/** Negative when a < b, 0 when equal (missing parts count as 0), positive when a > b. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function atLeast(found: Version, minimum: Version): boolean {
  return compareVersions(found, minimum) >= 0;
}
