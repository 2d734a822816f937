import fc from 'fast-check';
import { codePointLength, createLocator, locate, type Position } from './location';

/** The obvious way: split what comes before the offset into lines and count the last one's code points. */
function naiveLocate(text: string, offset: number): Position {
  const betweenCrAndLf = text[offset - 1] === '\r' && text[offset] === '\n';
  const before = text.slice(0, betweenCrAndLf ? offset - 1 : offset);
  const lines = before.split(/\r\n|\r|\n/);
  const column = Array.from(lines[lines.length - 1]).length + 1 + (betweenCrAndLf ? 1 : 0);
  return { line: lines.length, column };
}

/** Characters chosen to stress the arithmetic: every line ending, astral and lone surrogates, a combining mark. */
const trickyText = fc.string({
  unit: fc.constantFrom('a', ' ', '\n', '\r', '\r\n', 'é', 'e\u0301', '😀', '\ud83d', '\ude00', '\t'),
  maxLength: 60,
});

describe('locate', () => {
  it('counts lines and columns from 1', () => {
    expect(locate('hello', 0)).toEqual({ line: 1, column: 1 });
    expect(locate('hello', 4)).toEqual({ line: 1, column: 5 });
    expect(locate('hello', 5)).toEqual({ line: 1, column: 6 });
    expect(locate('', 0)).toEqual({ line: 1, column: 1 });
  });

  it('starts a new line after \\n, \\r\\n and a lone \\r', () => {
    const text = 'ab\ncd\r\nef\rgh';
    expect(locate(text, text.indexOf('c'))).toEqual({ line: 2, column: 1 });
    expect(locate(text, text.indexOf('f'))).toEqual({ line: 3, column: 2 });
    expect(locate(text, text.indexOf('h'))).toEqual({ line: 4, column: 2 });
  });

  it('keeps a line ending on the line it ends', () => {
    expect(locate('ab\r\ncd', 2)).toEqual({ line: 1, column: 3 });
    expect(locate('ab\r\ncd', 3)).toEqual({ line: 1, column: 4 });
    expect(locate('ab\r\ncd', 4)).toEqual({ line: 2, column: 1 });
  });

  it('counts an emoji before the offset as one column, as editors do', () => {
    const text = '😀 x';
    expect(text.indexOf('x')).toBe(3);
    expect(locate(text, 3)).toEqual({ line: 1, column: 3 });
    expect(locate('e\u0301x', 2)).toEqual({ line: 1, column: 3 }); // a combining mark is its own code point
  });

  it('refuses offsets outside the text', () => {
    expect(() => locate('abc', -1)).toThrow(RangeError);
    expect(() => locate('abc', 4)).toThrow(RangeError);
    expect(() => locate('abc', 1.5)).toThrow(RangeError);
  });

  it('agrees with the naive implementation on any text and offset', () => {
    fc.assert(
      fc.property(
        trickyText.chain((text) => fc.tuple(fc.constant(text), fc.nat({ max: text.length }))),
        ([text, offset]) => {
          expect(locate(text, offset)).toEqual(naiveLocate(text, offset));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same answers whatever order a locator is asked in', () => {
    fc.assert(
      fc.property(
        trickyText.chain((text) =>
          fc.tuple(
            fc.constant(text),
            fc.array(fc.nat({ max: text.length }), { minLength: 1, maxLength: 20 }),
          ),
        ),
        ([text, offsets]) => {
          const locator = createLocator(text);
          for (const offset of offsets) expect(locator.locate(offset)).toEqual(naiveLocate(text, offset));
          const sorted = [...offsets].sort((a, b) => a - b);
          const inOrder = createLocator(text);
          for (const offset of sorted) expect(inOrder.locate(offset)).toEqual(naiveLocate(text, offset));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('createLocator().span', () => {
  it('measures the length in code points', () => {
    const text = 'ab 😀😀 cd';
    expect(createLocator(text).span(3, 7)).toEqual({ line: 1, column: 4, length: 2 });
  });

  it('refuses an end before the start', () => {
    expect(() => createLocator('abc').span(2, 1)).toThrow(RangeError);
  });
});

describe('codePointLength', () => {
  it('counts a surrogate pair once and a lone surrogate once', () => {
    expect(codePointLength('a😀b')).toBe(3);
    expect(codePointLength('a\ud83db')).toBe(3);
    expect(codePointLength('')).toBe(0);
  });

  it('matches Array.from on any string', () => {
    fc.assert(fc.property(trickyText, (text) => expect(codePointLength(text)).toBe(Array.from(text).length)));
  });
});
