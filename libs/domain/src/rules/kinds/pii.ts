import type { Hit } from '../hit';
import type { PiiRule } from '../rule-set';

/*
 * Messages never repeat the personal data: findings are stored and shown, and must not become a
 * second copy of what they warn about. The location points at it.
 */

const EMAIL_ADVICE =
  "Possible e-mail address (personal data): remove it, or use the team's published contact address (a role address such as press@ or support@)";
const PHONE_ADVICE =
  "Possible phone number (personal data): remove it, or use the company's published contact number";

/** Not after "/": in "https://user@host" the user is part of a URL, which link rules judge. */
const EMAIL = /(?<![\w.%+/-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?![\w-]|\.[A-Za-z0-9])/g;

/**
 * "postgres://app:s3cret@db.acme.io" holds a password, not a mailbox: what precedes the "@" inside a
 * URL's authority is its user information, which the secrets rule judges.
 */
const URL_AUTHORITY_BEFORE = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#]*$/;

function isInUrlAuthority(text: string, at: number): boolean {
  return URL_AUTHORITY_BEFORE.test(text.slice(Math.max(0, at - 256), at));
}

/** "logo@2x.png" names a file, not a mailbox. */
const FILE_EXTENSIONS = new Set('png jpg jpeg gif svg webp avif ico css js ts json'.split(' '));

/** RFC 2606 and RFC 6761 names, which no one's mailbox can live under: the stuff of examples. */
function isReservedDomain(domain: string): boolean {
  const labels = domain.toLowerCase().split('.');
  const tld = labels[labels.length - 1];
  const secondLevel = labels.slice(-2).join('.');
  return (
    ['example', 'test', 'invalid', 'localhost'].includes(tld) ||
    ['example.com', 'example.net', 'example.org'].includes(secondLevel)
  );
}

function* emailHits(text: string): Iterable<Hit> {
  for (const match of text.matchAll(EMAIL)) {
    const domain = match[0].slice(match[0].lastIndexOf('@') + 1);
    const tld = domain.slice(domain.lastIndexOf('.') + 1);
    if (!/^[A-Za-z]{2,}$/.test(tld) || FILE_EXTENSIONS.has(tld.toLowerCase()) || isReservedDomain(domain))
      continue;
    if (isInUrlAuthority(text, match.index)) continue;
    yield { start: match.index, end: match.index + match[0].length, message: EMAIL_ADVICE };
  }
}

/**
 * Phone numbers in the shapes people write them, and not bare digit runs, which are far more often
 * ids, timestamps, amounts or coordinates: international with "+" or "00", an area code in brackets, the
 * North American 3-3-4 grouping with one separator, national numbers with a trunk "0", and tel: links.
 */
const PHONE = new RegExp(
  String.raw`(?<![\w+.,/:-])(?:` +
    [
      String.raw`\+\d[\d ().-]{6,22}\d`,
      String.raw`00[1-9][\d ().-]{6,22}\d`,
      String.raw`\(\d{2,5}\)[ .-]?\d{3,4}[ .-]?\d{3,4}`,
      String.raw`(?:1[-.])?\d{3}([-.])\d{3}\1\d{4}`,
      String.raw`0\d{1,4}[ -]\d{3,4}[ -]?\d{3,4}`,
      String.raw`0\d(?:[ .]\d{2}){4}`,
    ].join('|') +
    String.raw`)(?![\w]|[.,/:-]\d)|(?<=\btel:)\+?\d[\d().-]{5,20}\d(?!\d)`,
  'g',
);

function isPlausiblePhone(candidate: string): boolean {
  const international = candidate.startsWith('+') || candidate.startsWith('00');
  // The "00" is the international call prefix, not part of the number.
  const digits = candidate.replace(/\D/g, '').length - (candidate.startsWith('00') ? 2 : 0);
  if (digits < 7 || digits > 15) return false;
  if (!international) return true;
  // The international forms are matched loosely, so insist on E.164 length, one bracket pair at most
  // and no doubled separators.
  const opens = candidate.split('(').length - 1;
  const closes = candidate.split(')').length - 1;
  return digits >= 8 && opens === closes && opens <= 1 && !/[ .-]{2}/.test(candidate);
}

function* phoneHits(text: string): Iterable<Hit> {
  for (const match of text.matchAll(PHONE)) {
    if (!isPlausiblePhone(match[0])) continue;
    yield { start: match.index, end: match.index + match[0].length, message: PHONE_ADVICE };
  }
}

export function* piiHits(rule: PiiRule, text: string): Iterable<Hit> {
  if (rule.kinds.includes('email')) yield* emailHits(text);
  if (rule.kinds.includes('phone')) yield* phoneHits(text);
}
