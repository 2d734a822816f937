import type { Hit } from '../hit';
import { scanMarkup } from '../markup';
import type { LinkDomainsRule } from '../rule-set';
import { quote } from './text-search';

/**
 * What ends a URL besides whitespace and the quotes and brackets of markup: CJK punctuation and
 * full-width forms ("，", "。", "）"), and CJK letters, which a URL in CJK copy runs into without a
 * space ("https://quorate.io了解更多"). A URL with CJK letters in its path is cut short, but its host,
 * which is what the rule judges, is kept.
 */
const STOP = String.raw`\s<>"'\x60\p{Ideographic}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF`;

/**
 * Candidate links: absolute URLs of web schemes, found after any character (CJK copy puts no space
 * before them); "https:host" without slashes, which browsers follow, when no other scheme letters
 * precede it; protocol-relative "//host" where markup or Markdown expects a link; and bare "www."
 * names that Markdown renderers turn into links. The "//" is matched before the look-behind that
 * checks what precedes it, so the look-behind's whitespace scan runs only at a "//", never at every
 * position of a long run of spaces.
 */
const LINK = new RegExp(
  [
    String.raw`(?:https?|ftp|wss?):\/\/[^${STOP}]+`,
    String.raw`(?<![A-Za-z0-9+.-])(?:https?|ftp|wss?):[^${STOP}]+`,
    String.raw`(?<![A-Za-z0-9.@/-])www\.[^${STOP}]+`,
    String.raw`\/\/(?<=(?:=\s*["']?|\]\(|url\(\s*["']?)\/\/)[^${STOP}]+`,
  ].join('|'),
  'giu',
);

/**
 * Attributes whose values name things rather than link to them: XML namespaces ("xmlns",
 * "xmlns:xlink"), schema locations and RDF identifiers, as SVG editors write them into every export.
 */
const IDENTIFIER_ATTRIBUTE =
  /^(?:xmlns(?::.*)?|xsi:schemalocation|xsi:nonamespaceschemalocation|rdf:resource|rdf:about|rdf:datatype)$/;

/** Spans [start, end) of the text that hold identifiers: the attributes above and "<!DOCTYPE ...>". */
function identifierSpans(text: string): Array<[number, number]> {
  if (!/xmlns|<!doctype|rdf:|schemalocation/i.test(text)) return [];
  const spans: Array<[number, number]> = [];
  scanMarkup(text, {
    declaration: (start, end) => spans.push([start, end]),
    tag: ({ attributes }) => {
      for (const { name, value, valueStart } of attributes) {
        if (IDENTIFIER_ATTRIBUTE.test(name)) spans.push([valueStart, valueStart + value.length]);
      }
    },
  });
  return spans.sort((a, b) => a[0] - b[0]);
}

/** Punctuation that ends a sentence rather than a URL ("see https://x.io."). */
const TRAILING = /[.,;:!?*_~'")\]}]$/;

export function* linkDomainHits(rule: LinkDomainsRule, text: string): Iterable<Hit> {
  const allowed = rule.domains.map(normaliseHost).filter((d): d is string => d !== undefined);
  const identifiers = identifierSpans(text);
  let next = 0;
  for (const match of text.matchAll(LINK)) {
    while (next < identifiers.length && identifiers[next][1] <= match.index) next++;
    if (next < identifiers.length && identifiers[next][0] <= match.index) continue;
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
