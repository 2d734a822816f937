import type { Hit } from '../hit';
import { SECRET_KINDS, type SecretKind, type SecretsRule } from '../rule-set';
import { quote } from './text-search';

/*
 * Each detector keys on a credential's documented shape, or on an assignment to a credential-named
 * variable, never on "long random-looking string" alone, which would flag every hash and id.
 * Messages never repeat the secret: findings are stored and shown to reviewers.
 */

interface Detector {
  kind: SecretKind;
  label: string;
  regex: RegExp;
  /** The capture group that holds the secret, when the match also covers its context. */
  group?: number;
  /** The capture group that holds the variable name, for assignments. */
  nameGroup?: number;
  accept?: (secret: string, match: RegExpExecArray, text: string) => boolean;
}

/** AWS publishes keys ending in EXAMPLE for its documentation; they are placeholders, not leaks. */
const notAwsExample = (secret: string) => !secret.includes('EXAMPLE');

const DETECTORS: readonly Detector[] = [
  {
    kind: 'aws-access-key-id',
    label: 'AWS access key ID',
    regex: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    accept: notAwsExample,
  },
  {
    kind: 'aws-secret-access-key',
    label: 'AWS secret access key',
    regex:
      /(?<![A-Za-z0-9])(?:aws[_-]?)?secret[_-]?access[_-]?key["']?\s*(?:=>|:=|=|:)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
    group: 1,
    accept: notAwsExample,
  },
  {
    kind: 'github-token',
    label: 'GitHub token',
    regex: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'slack-token',
    label: 'Slack token',
    regex:
      /(?<![A-Za-z0-9-])(?:xox[abposr]-\d{6,}-[A-Za-z0-9-]{8,}|xapp-\d-[A-Za-z0-9-]{20,})(?![A-Za-z0-9-])|https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/g,
  },
  {
    kind: 'stripe-key',
    label: 'Stripe live key',
    regex: /(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{20,}(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'google-api-key',
    label: 'Google API key',
    regex: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'quorate-api-key',
    label: 'Quorate API key',
    regex: /(?<![A-Za-z0-9_])qk_[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g,
    accept: (secret) => looksRandom(secret.slice(3)),
  },
  {
    kind: 'private-key',
    label: 'private key',
    regex: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
    accept: (_secret, match, text) => hasKeyMaterial(text, match.index + match[0].length),
  },
  {
    kind: 'credential-assignment',
    label: 'hard-coded credential',
    regex: /(?<![\w$])(["']?)([A-Za-z_][\w.-]{0,60})\1\]?\s*(?:=>|:=|=|:)\s*(["'`])([^"'`\s\\]{16,200})\3/dg,
    group: 4,
    nameGroup: 2,
    accept: (secret, match) => isCredentialName(match[2]) && looksRandom(secret),
  },
  {
    // .env, YAML and INI lines, where values go unquoted.
    kind: 'credential-assignment',
    label: 'hard-coded credential',
    regex:
      /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]{0,60})[ \t]*[=:][ \t]*([^\s"'`#]{16,200})[ \t]*(?:#.*)?$/dgm,
    group: 2,
    nameGroup: 1,
    accept: (secret, match) => isCredentialName(match[1]) && looksRandom(secret),
  },
  {
    // "scheme://user:password@host": a connection string or URL with its password written in.
    kind: 'url-password',
    label: 'password in a URL',
    regex:
      /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s/?#@:"'<>]{0,200}:([^\s/?#@"'<>]{1,200})@[^\s/?#@"'<>]/dg,
    group: 1,
    accept: (secret) => !URL_PASSWORD_PLACEHOLDER.test(secret),
  },
];

/**
 * Placeholders in connection strings: "user:password@", "user:<password>@", "${DB_PASSWORD}". Unlike
 * PLACEHOLDER below it lets "%" through, since real passwords in URLs are percent-encoded.
 */
const URL_PASSWORD_PLACEHOLDER =
  /^(?:pass(?:word)?|passwd|pwd|pw|secret|\*+|x+|\.+)$|[<>{}$]|your|example|placeholder|changeme|dummy|sample|redacted|replace/i;

/** A placeholder shows the reader where the secret goes; it is not one. */
const PLACEHOLDER =
  /[<>{}$%]|x{4,}|\*{3,}|\.{3}|your|example|placeholder|changeme|dummy|sample|redacted|replace/i;

/** Key material is base64 in lines of 64 (PEM) or 70 (OpenSSH); a header followed by "..." is an illustration. */
function hasKeyMaterial(text: string, from: number): boolean {
  const window = text.slice(from, from + 4096);
  const end = window.indexOf('-----END');
  return /[A-Za-z0-9+/]{40,}/.test(end < 0 ? window : window.slice(0, end));
}

const CREDENTIAL_NAME =
  /(?:apikey|apisecret|secretkey|clientsecret|accesstoken|authtoken|refreshtoken|bearertoken|privatekey|password|passwd|secret|token)(?:prod|production|live|staging|dev|test)?\d*$/;

/** "db_password", "apiKey", "GITHUB_TOKEN", "config.clientSecret": the name says it holds a credential. */
function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** Letters and digits mixed with enough entropy to be generated, and not a placeholder, URL or path. */
function looksRandom(value: string): boolean {
  return (
    value.length >= 16 &&
    /[A-Za-z]/.test(value) &&
    /\d/.test(value) &&
    !PLACEHOLDER.test(value) &&
    !value.includes('://') &&
    !/^\.?\//.test(value) &&
    shannonEntropy(value) >= 3
  );
}

/** Bits per character of the value's own character distribution. */
function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function* secretHits(rule: SecretsRule, text: string): Iterable<Hit> {
  const kinds = new Set<SecretKind>(rule.kinds ?? SECRET_KINDS);
  // Detectors run in order and a later one skips text an earlier one reported, so a known token
  // assigned to "api_key" is reported once, under its own name.
  const reported = new Uint8Array(text.length);
  const hits: Array<Required<Hit>> = [];
  for (const detector of DETECTORS) {
    if (!kinds.has(detector.kind)) continue;
    for (const match of text.matchAll(detector.regex)) {
      const span =
        detector.group === undefined
          ? [match.index, match.index + match[0].length]
          : match.indices?.[detector.group];
      if (!span) continue;
      const [start, end] = span;
      if (detector.accept && !detector.accept(text.slice(start, end), match, text)) continue;
      if (reported.subarray(start, end).includes(1)) continue;
      reported.fill(1, start, end);
      const message =
        detector.nameGroup === undefined
          ? `Possible ${detector.label}; remove it and rotate the credential`
          : `Possible ${detector.label} in ${quote(match[detector.nameGroup])}; move it to a secret store and rotate it`;
      hits.push({ start, end, message });
    }
  }
  yield* hits.sort((a, b) => a.start - b.start);
}
