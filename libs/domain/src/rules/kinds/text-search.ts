/** Escapes a literal for a RegExp with the "u" flag, which rejects needless escapes such as "\-". */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Matches the phrase literally, except that its whitespace matches any whitespace, line breaks included. */
export function phrasePattern(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/u)
    .map(escapeRegExp)
    .join(String.raw`\s+`);
}

/** Which capture group of a one-group-per-alternative RegExp matched. */
export function matchedAlternative(match: RegExpMatchArray): number {
  return match.findIndex((group, i) => i > 0 && group !== undefined) - 1;
}

/** Shortens text echoed in a message so one finding cannot carry a whole document. */
export function quote(text: string, max = 60): string {
  const chars = Array.from(text.replace(/\s+/gu, ' '));
  return chars.length <= max ? `"${chars.join('')}"` : `"${chars.slice(0, max - 1).join('')}…"`;
}
