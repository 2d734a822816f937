import fc from 'fast-check';
import { check, spans } from './testing/check-rule';
import { isWordBoundary } from './word-boundary';

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Boundaries as Intl.Segmenter (ICU's UAX #29) finds them, for short strings only: it is slow. */
function segmenterBoundaries(text: string): Set<number> {
  const found = new Set<number>([0, text.length]);
  for (const { index } of segmenter.segment(text)) found.add(index);
  return found;
}

/**
 * Pieces from alphabetic and CJK scripts, digits, connectors, marks and punctuation. Runs inside CJK
 * and Thai are segmented by dictionary in ICU and by WB999 here, so the oracle is consulted only where
 * at least one side is outside those scripts.
 */
const PIECES = [
  'a',
  'Z',
  'é',
  'ж',
  'λ',
  '7',
  '_',
  ' ',
  '.',
  ',',
  '-',
  '😀',
  '使',
  '用',
  'の',
  'ク',
  'ー',
  '，',
  '\n',
  '한',
];
const DICTIONARY = /[\p{Ideographic}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\p{Script=Thai}]/u;

const MID = /[.,:;'\u2019\uFF0C\uFF0E\uFF1A\uFF1B]/;

describe('isWordBoundary', () => {
  it('agrees with Intl.Segmenter wherever UAX #29 decides without a dictionary', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        const expected = segmenterBoundaries(text);
        for (let at = 0; at <= text.length; at++) {
          if ((text.charCodeAt(at) & 0xfc00) === 0xdc00) continue;
          const before = Array.from(text.slice(0, at)).pop() ?? '';
          const after = Array.from(text.slice(at))[0] ?? '';
          if (DICTIONARY.test(before) && DICTIONARY.test(after)) continue;
          // Between two spaces or two emoji no term can start or end.
          if (!/[\p{L}\p{N}_]/u.test(before + after)) continue;
          // Full stops, commas and colons join letters or digits in UAX #29 (WB6-7, WB11-12: "e.g.",
          // "3,5"); here they end a term.
          if (MID.test(text.slice(Math.max(0, at - 2), at + 2))) continue;
          expect([text, at, isWordBoundary(text, at)]).toEqual([text, at, expected.has(at)]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('puts a boundary between Latin letters and ideographs, kana or Thai, and none inside words', () => {
    const text = '使用Quorate管理のQuorateクオレートQuorateภาษา';
    for (const name of ['Quorate']) {
      let at = text.indexOf(name);
      while (at >= 0) {
        expect([isWordBoundary(text, at), isWordBoundary(text, at + name.length)]).toEqual([true, true]);
        at = text.indexOf(name, at + 1);
      }
    }
    expect(isWordBoundary('Quorates', 7)).toBe(false);
    expect(isWordBoundary('クオレート', 2)).toBe(false);
    expect(isWordBoundary('Quo\u0301rate', 4)).toBe(false);
    expect(isWordBoundary('snake_case', 5)).toBe(false);
  });
});

describe('word-matching rules next to CJK text', () => {
  const banned = { kind: 'banned-term', terms: [{ term: 'synergy' }] } as const;
  const casing = { kind: 'term-casing', terms: ['Quorate'] } as const;

  it('finds banned terms and misspelt brand names written against Chinese, Japanese or Thai characters', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('使用', '管理', 'の', 'は', 'ภาษา', '。', '「', '한국어 '),
        fc.constantFrom('使用', '管理', 'を', '。', '」', 'ไทย', '！'),
        (before, after) => {
          const text = `${before}synergy${after}`;
          expect(spans(check(banned, text))).toEqual([[1, Array.from(before).length + 1, 7]]);
          expect(spans(check(casing, `${before}QuoRate${after}`))).toEqual([
            [1, Array.from(before).length + 1, 7],
          ]);
        },
      ),
    );
  });

  it('still does not match inside a longer word of an alphabetic script', () => {
    fc.assert(
      fc.property(fc.constantFrom('a', 'é', 'ж', '7', '_'), (letter) => {
        expect(check(banned, `${letter}synergy`)).toEqual([]);
        expect(check(banned, `synergy${letter}`)).toEqual([]);
        expect(check(casing, `QuoRate${letter}`)).toEqual([]);
      }),
    );
  });

  it('stays linear on megabytes of one joined word, in every script that joins', () => {
    const started = process.cpuUsage();
    for (const char of ['a', 'é', 'e\u0301', 'ж', 'ク', '한', '_']) {
      const text = char.repeat(1_000_000 / char.length);
      const term = `${char}${char}`;
      expect(check({ kind: 'banned-term', terms: [{ term }] }, text)).toEqual([]);
      expect(check({ kind: 'required-phrase', phrase: `${term}x` }, text)).toHaveLength(1);
    }
    expect(check({ kind: 'term-casing', terms: ['Aa'] }, 'a'.repeat(1_000_000))).toEqual([]);
    const { user, system } = process.cpuUsage(started);
    // A retry at every position made this take about 0.8 s per rule and megabyte.
    expect((user + system) / 1000).toBeLessThan(3_000);
  });

  it('requires a phrase as whole words, wherever it stands', () => {
    const rule = { kind: 'required-phrase', phrase: 'Terms apply' } as const;
    expect(check(rule, '详情请见Terms apply。')).toEqual([]);
    expect(check(rule, 'Terms applying here')).toHaveLength(1);
    expect(check(rule, 'Short Terms apply')).toEqual([]);
  });
});
