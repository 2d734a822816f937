import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/**
 * Where a webhook may point. An admin's URL is fetched by our workers from inside our network, so an
 * address that is not plainly public (loopback, RFC 1918, link-local and cloud metadata, CGNAT,
 * multicast, reserved, IPv6 unique-local, and IPv4 hidden inside IPv6) would turn deliveries into
 * requests against our own infrastructure.
 */

/** Why a URL cannot be a webhook as written, or null when its form is acceptable. */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must be an http(s) URL';
  if (url.username || url.password || rawAuthority(raw).includes('@')) {
    return 'url must not contain a user name or password';
  }
  const host = url.hostname;
  if (!host) return 'url must name a host';
  // The URL parser reads 0x7f000001, 2130706433 and 0177.0.0.1 as 127.0.0.1; only the plain dotted
  // form is accepted, so what the admin sees in the list is the address that is called.
  if (isIP(host) === 4 && rawHostname(raw) !== host) {
    return 'url must write an IPv4 address as four decimal numbers';
  }
  return null;
}

/** The range name of an address we refuse to call, or null when it is a public unicast address. */
export function forbiddenRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const ip = ipaddr.process(address);
  let range = ip.range();
  // IPv4-compatible (::a.b.c.d) addresses: the library calls them global unicast, but they carry an IPv4.
  if (ip.kind() === 'ipv6' && range === 'unicast') {
    const bytes = ip.toByteArray();
    if (bytes.slice(0, 12).every((b) => b === 0)) range = ipaddr.fromByteArray(bytes.slice(12)).range();
  }
  return range === 'unicast' ? null : range;
}

/** The URL's host as an IP literal (brackets removed), or null when it is a name to resolve. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : null;
}

function rawAuthority(raw: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i.exec(raw.trim())?.[1] ?? '';
}

function rawHostname(raw: string): string {
  return rawAuthority(raw).replace(/^.*@/, '').replace(/:\d*$/, '').toLowerCase();
}
