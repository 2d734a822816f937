import fc from 'fast-check';
import { scanMarkup, type MarkupTag, type StyleSheet } from './markup';

function scan(text: string): { tags: MarkupTag[]; sheets: StyleSheet[] } {
  const tags: MarkupTag[] = [];
  const sheets: StyleSheet[] = [];
  scanMarkup(text, { tag: (t) => tags.push(t), styleSheet: (s) => sheets.push(s) });
  return { tags, sheets };
}

describe('scanMarkup', () => {
  it('reads attributes in all quoting styles, with offsets into the text', () => {
    const text = `<RECT Fill="#f00" stroke='red' data-x=1 hidden/>`;
    const [tag] = scan(text).tags;
    expect(tag.name).toBe('rect');
    expect(tag.attributes.map((a) => [a.name, a.value])).toEqual([
      ['fill', '#f00'],
      ['stroke', 'red'],
      ['data-x', '1'],
      ['hidden', ''],
    ]);
    for (const a of tag.attributes.slice(0, 3))
      expect(text.slice(a.valueStart, a.valueStart + a.value.length)).toBe(a.value);
  });

  it('keeps ">" inside a quoted value', () => {
    const [tag] = scan('<a title="a > b" href="/x">').tags;
    expect(tag.attributes.map((a) => a.value)).toEqual(['a > b', '/x']);
  });

  it('skips comments, CDATA, doctypes, processing instructions and end tags', () => {
    const text = '<?xml version="1.0"?><!DOCTYPE svg><!-- <a fill="x"> --><![CDATA[<b>]]></c><d>';
    expect(scan(text).tags.map((t) => t.name)).toEqual(['d']);
  });

  it('hands over style element content and does not read tags inside style or script', () => {
    const text = '<style media="x">a { fill: red } <b></style ><script>"<i>"</script><p>';
    const { tags, sheets } = scan(text);
    expect(tags.map((t) => t.name)).toEqual(['style', 'script', 'p']);
    expect(sheets).toEqual([{ css: 'a { fill: red } <b>', start: 17 }]);
  });

  it('copes with unterminated constructs', () => {
    expect(scan('<a href="never closed').tags[0].attributes[0].value).toBe('never closed');
    expect(scan('<style>a{}').sheets).toEqual([{ css: 'a{}', start: 7 }]);
    expect(scan('<!-- open').tags).toEqual([]);
    expect(scan('a < b <= c <').tags).toEqual([]);
  });

  it('never throws, and every attribute offset points at its value', () => {
    const markup = fc.string({
      unit: fc.constantFrom('<', '>', '/', '=', '"', "'", ' ', 'a', 'style', '!--', '-->', '\n'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(markup, (text) => {
        for (const tag of scan(text).tags) {
          for (const a of tag.attributes) {
            if (a.value) expect(text.slice(a.valueStart, a.valueStart + a.value.length)).toBe(a.value);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads a large hostile document in linear time', () => {
    const hostile = '<a b="'.repeat(20_000) + '<style>'.repeat(20_000) + '<!--'.repeat(20_000);
    const started = performance.now();
    scan(hostile);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
