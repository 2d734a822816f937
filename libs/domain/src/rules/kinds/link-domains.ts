import type { Hit } from '../hit';
import type { LinkDomainsRule } from '../rule-set';
import { quote } from './text-search';

/**
 * Candidate links: absolute URLs of web schemes (also "https:host" without slashes, which browsers
 * follow), protocol-relative "//host" where markup or Markdown expects a link, and bare "www." names
 * that Markdown renderers turn into links. The "//" is matched before the look-behind that checks what
 * precedes it, so the look-behind's whitespace scan runs only at a "//", never at every position of a
 * long run of spaces.
 */
const LINK =
  /(?<![\p{L}\p{N}])(?:https?|ftp|wss?):[^\s<>"'`]+|(?<![\p{L}\p{N}.@/-])www\.[^\s<>"'`]+|\/\/(?<=(?:=\s*["']?|\]\(|url\(\s*["']?)\/\/)[^\s<>"'`]+/giu;

/** Punctuation that ends a sentence rather than a URL ("see https://x.io."). */
const TRAILING = /[.,;:!?*_~'")\]}]$/;

export function* linkDomainHits(rule: LinkDomainsRule, text: string): Iterable<Hit> {
  const allowed = rule.domains.map(normaliseHost).filter((d): d is string => d !== undefined);
  for (const match of text.matchAll(LINK)) {
    const link = trimTrailingPunctuation(match[0]);
    const host = hostOf(link);
    if (host === undefined || allowed.some((d) => host === d || host.endsWith(`.${d}`))) continue;
    yield {
      start: match.index,
      end: match.index + link.length,
      message: `Link to ${quote(host)} is outside the allowed domains (${listed(allowed)})`,
    };
  }
}

/** Enough of the allow-list to orient the reader; it can hold a thousand entries. */
function listed(domains: readonly string[]): string {
  const shown = domains.slice(0, 5).join(', ');
  return domains.length > 5 ? `${shown} and ${domains.length - 5} more` : shown;
}

/** Keeps a closing bracket that closes one opened inside the URL, as in Wikipedia's "Foo_(bar)". */
function trimTrailingPunctuation(link: string): string {
  const opens = link.split('(').length - 1;
  let closes = link.split(')').length - 1;
  let end = link.length;
  while (end > 0 && TRAILING.test(link[end - 1])) {
    if (link[end - 1] === ')') {
      if (closes <= opens) break;
      closes--;
    }
    end--;
  }
  return link.slice(0, end);
}

/**
 * The host as a browser would reach it, parsed by the WHATWG URL parser: "https://ok.io@evil.io" goes
 * to evil.io, a backslash ends the host, and look-alike Unicode names become their punycode form.
 * Undefined when the link does not parse, since a browser could not follow it either.
 */
function hostOf(link: string): string | undefined {
  const absolute = link.startsWith('//') ? `https:${link}` : /^www\./i.test(link) ? `http://${link}` : link;
  try {
    return normaliseHost(new URL(absolute).hostname);
  } catch {
    return undefined;
  }
}

/** Lowercase, punycode, no trailing dot: the form both allowed domains and link hosts are compared in. */
export function normaliseHost(host: string): string | undefined {
  try {
    const hostname = new URL(`http://${host}`).hostname.replace(/\.$/, '');
    return hostname === '' ? undefined : hostname;
  } catch {
    return undefined;
  }
}
