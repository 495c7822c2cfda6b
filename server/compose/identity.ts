// Names and MAC addresses derived from the project: the same file always gives the same ones,
// and everything the project makes carries its prefix.
import { createHash } from 'node:crypto';

export function domainName(project: string, service: string): string {
  return `${project}-${service}`;
}

/** Does this domain name belong to the project? (`ps`/`down` find domains without the file.) */
export function isProjectDomain(project: string, domain: string): boolean {
  return domain.startsWith(`${project}-`);
}

/** A locally stable MAC in Xen's OUI 00:16:3e, from the project, service and network names. */
export function macFor(project: string, service: string, network: string): string {
  const digest = createHash('sha256').update(`${project}\0${service}\0${network}`).digest();
  const tail = [digest[0] ?? 0, digest[1] ?? 0, digest[2] ?? 0].map((b) => b.toString(16).padStart(2, '0'));
  return ['00', '16', '3e', ...tail].join(':');
}
