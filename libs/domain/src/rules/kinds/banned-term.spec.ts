import fc from 'fast-check';
import { check, spans, textAt } from '../testing/check-rule';

const bannedTerms = (...terms: string[]) =>
  ({ kind: 'banned-term', terms: terms.map((term) => ({ term })) }) as const;

describe('banned-term', () => {
  const rule = {
    kind: 'banned-term',
    terms: [{ term: 'synergy', suggestion: 'collaboration' }, { term: 'leverage' }],
  } as const;

  it('reports each occurrence with its location and suggestion', () => {
    const findings = check(rule, 'We leverage synergy.\nMore synergy!');
    expect(findings).toEqual([
      {
        ruleId: 'r',
        severity: 'error',
        message: 'Banned term "leverage"',
        location: { line: 1, column: 4, length: 8 },
      },
      {
        ruleId: 'r',
        severity: 'error',
        message: 'Banned term "synergy"; use "collaboration" instead',
        location: { line: 1, column: 13, length: 7 },
      },
      {
        ruleId: 'r',
        severity: 'error',
        message: 'Banned term "synergy"; use "collaboration" instead',
        location: { line: 2, column: 6, length: 7 },
      },
    ]);
  });

  it('counts columns in code points after Unicode and lines after CRLF', () => {
    expect(spans(check(rule, 'Ça va 😀 synergy'))).toEqual([[1, 9, 7]]);
    expect(spans(check(rule, 'one\r\ntwo\r\n  Synergy'))).toEqual([[3, 3, 7]]);
  });

  it('ignores case unless told otherwise', () => {
    expect(spans(check(rule, 'SYNERGY'))).toEqual([[1, 1, 7]]);
    expect(check({ ...rule, caseSensitive: true }, 'SYNERGY Synergy')).toEqual([]);
    expect(spans(check({ ...rule, caseSensitive: true }, 'SYNERGY synergy'))).toEqual([[1, 9, 7]]);
  });

  it('matches whole words by default, with Unicode letters as word characters', () => {
    const art = { kind: 'banned-term', terms: [{ term: 'art' }] } as const;
    expect(check(art, 'start artist smart_art art-deco éart')).toHaveLength(1);
    expect(spans(check(art, 'start artist art-deco'))).toEqual([[1, 14, 3]]);
    expect(check({ ...art, wholeWord: false }, 'start artist')).toHaveLength(2);
  });

  it('checks word boundaries only on the sides of a term that are word characters', () => {
    const cpp = bannedTerms('C++', '#ad');
    expect(spans(check(cpp, 'I like C++, not C+++x; see #ad'))).toEqual([
      [1, 8, 3],
      [1, 17, 3],
      [1, 28, 3],
    ]);
  });

  it('prefers the longest term at a position', () => {
    const terms = bannedTerms('big', 'big data');
    const findings = check(terms, 'big data and big ideas');
    expect(findings.map((f) => f.message)).toEqual(['Banned term "big data"', 'Banned term "big"']);
    expect(spans(findings)).toEqual([
      [1, 1, 8],
      [1, 14, 3],
    ]);
  });

  it('lets a space in a term match any whitespace, line breaks included', () => {
    const phrase = bannedTerms('best in class');
    const findings = check(phrase, 'our best  in\r\nclass product');
    expect(spans(findings)).toEqual([[1, 5, 15]]);
  });

  it('treats regex metacharacters in terms literally', () => {
    const meta = bannedTerms('a.b', '(x)', 'p|q');
    expect(check(meta, 'axb (y) p q')).toEqual([]);
    expect(check(meta, 'a.b (x) p|q')).toHaveLength(3);
  });

  it('finds a term inserted anywhere in text that contains none, exactly where it was put', () => {
    const safeText = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', '\n', '\r\n', 'é', '😀', '.', '-'),
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        safeText,
        safeText,
        fc.constantFrom('synergy', 'Synergy', 'LEVERAGE'),
        (before, after, term) => {
          const text = `${before} ${term} ${after}`;
          const findings = check(rule, text);
          expect(findings).toHaveLength(1);
          expect(textAt(text, findings[0].location!)).toBe(term);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('finds nothing in text made of other words', () => {
    const words = fc.array(fc.constantFrom('syn', 'ergy', 'lever', 'age', 'synergies', 'leverages', 'x'), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(words, (ws) => {
        expect(check(rule, ws.join(' '))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
