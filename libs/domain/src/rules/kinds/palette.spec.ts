import { check, spans, textAt } from '../testing/check-rule';
import { functionToRgb, hexToRgb, paletteEntryToRgb } from './colours';

const rule = { kind: 'palette', colors: ['#1A2B3C', '#fff', 'black'] } as const;
/** The message up to the palette's name; the nearest colour is tested on its own. */
const short = (message: string) => message.replace(/ "r"; the nearest brand colour is .*$/, '');
const offPalette = (text: string, mediaType: string) =>
  check(rule, text, mediaType).map((f) => [textAt(text, f.location!), short(f.message)]);

describe('palette in SVG', () => {
  it('checks colour attributes, style attributes and style sheets, with exact locations', () => {
    const svg = [
      '<svg xmlns="http://www.w3.org/2000/svg">',
      '  <style>.a { fill: #FF0000 } .b { stroke: #1a2b3c }</style>',
      '  <rect fill="#ffffff" stroke="red" style="color: rgb(0, 0, 0); stop-color:#00F"/>',
      '</svg>',
    ].join('\r\n');
    const findings = check(rule, svg, 'image/svg+xml');
    expect(findings.map((f) => short(f.message))).toEqual([
      'Colour "#FF0000" is not in the palette',
      'Colour "red" (#ff0000) is not in the palette',
      'Colour "#00F" (#0000ff) is not in the palette',
    ]);
    expect(spans(findings)).toEqual([
      [2, 21, 7],
      [3, 32, 3],
      [3, 76, 4],
    ]);
  });

  it('normalises short hex, alpha and case before comparing', () => {
    const svg =
      '<svg><path fill="#FFFFFF"/><path fill="#1a2b3c80"/><path fill="#FFFA"/><path fill="#1A2B3C"/></svg>';
    expect(check(rule, svg, 'image/svg+xml')).toEqual([]);
  });

  it('reads rgb() and hsl() in both syntaxes', () => {
    const ok =
      '<svg><g fill="rgb(26,43,60)"/><g fill="rgba(100%, 100%, 100%, .5)"/><g fill="hsl(0 0% 0% / 50%)"/></svg>';
    expect(check(rule, ok, 'image/svg+xml')).toEqual([]);
    const off =
      '<svg><g fill="rgb(255 0 0)"/><g fill="hsl(120deg, 100%, 25%)"/><g fill="hsla(0.5turn 100% 50%)"/></svg>';
    expect(offPalette(off, 'image/svg+xml').map(([, m]) => m)).toEqual([
      'Colour "rgb(255 0 0)" (#ff0000) is not in the palette',
      'Colour "hsl(120deg, 100%, 25%)" (#008000) is not in the palette',
      'Colour "hsla(0.5turn 100% 50%)" (#00ffff) is not in the palette',
    ]);
  });

  it('ignores references, keywords and unresolvable values', () => {
    const svg =
      '<svg><rect fill="url(#bad)" stroke="none"/><rect fill="currentColor" stroke="transparent"/>' +
      '<a href="#fab"/><use xlink:href="#ace"/><rect fill="var(--brand)" stroke="rgb(var(--x))"/></svg>';
    expect(check(rule, svg, 'image/svg+xml')).toEqual([]);
  });

  it('checks animation values, where a colour can also hide', () => {
    const svg = '<svg><animate attributeName="fill" values="#fff;#123456" to="orange"/></svg>';
    expect(offPalette(svg, 'image/svg+xml').map(([text]) => text)).toEqual(['#123456', 'orange']);
  });

  it('ignores text content, comments and scripts', () => {
    const svg =
      '<svg><!-- fill="#abcdef" --><text>#abcdef red</text><script>x.fill = "#abcdef"</script></svg>';
    expect(check(rule, svg, 'image/svg+xml')).toEqual([]);
  });
});

describe('palette in CSS', () => {
  it('checks declaration values and names colours only in colour properties', () => {
    const css =
      '/* #abcdef */\n.a { color: #FFF; border: 1px solid tomato }\r\n.b{background:ivory url(red.png)}\n:root { --accent: #123; }';
    expect(offPalette(css, 'text/css')).toEqual([
      ['tomato', 'Colour "tomato" (#ff6347) is not in the palette'],
      ['ivory', 'Colour "ivory" (#fffff0) is not in the palette'],
      ['#123', 'Colour "#123" (#112233) is not in the palette'],
    ]);
    expect(spans(check(rule, css, 'text/css'))).toEqual([
      [2, 37, 6],
      [3, 15, 5],
      [4, 19, 4],
    ]);
  });

  it('does not read ID selectors or font names as colours', () => {
    const css = '#fade, a:not(#bead) { font-family: Tomato, serif; transition: color 1s }';
    expect(check(rule, css, 'text/css')).toEqual([]);
  });

  it('survives an unclosed comment', () => {
    expect(check(rule, '.a { color: #fff } /* .b { color: red }', 'text/css')).toEqual([]);
  });
});

describe('palette in HTML', () => {
  it('checks inline styles, style elements and legacy colour attributes, not prose', () => {
    const html =
      '<p style="color:#f00">Order #123 &#123; is <b>red</b></p><style>p{background-color:#0f0}</style><body bgcolor="navy">';
    expect(offPalette(html, 'text/html').map(([text]) => text)).toEqual(['#f00', '#0f0', 'navy']);
  });
});

it('palette leaves other textual media types alone', () => {
  expect(check(rule, 'fixes #123, colour: red', 'text/markdown')).toEqual([]);
  expect(check(rule, 'color: #abcdef', 'text/plain')).toEqual([]);
});

describe('colour parsing', () => {
  it('expands and lowercases hex, dropping alpha', () => {
    expect(hexToRgb('#ABC')).toBe('#aabbcc');
    expect(hexToRgb('#abcd')).toBe('#aabbcc');
    expect(hexToRgb('#A1B2C3')).toBe('#a1b2c3');
    expect(hexToRgb('#a1b2c3d4')).toBe('#a1b2c3');
    expect(hexToRgb('#abcde')).toBeUndefined();
    expect(hexToRgb('#ggg')).toBeUndefined();
  });

  it('converts colour functions, clamping out-of-range channels', () => {
    expect(functionToRgb('rgb', '300, -5, 127.6')).toBe('#ff0080');
    expect(functionToRgb('RGBA', '0 0 0 / 0')).toBe('#000000');
    expect(functionToRgb('hsl', '240, 100%, 50%')).toBe('#0000ff');
    expect(functionToRgb('hsl', '-120 100 50')).toBe('#0000ff');
    expect(functionToRgb('hsl', '3.14159rad 100% 50%')).toBe('#00ffff');
    expect(functionToRgb('rgb', '1, 2')).toBeUndefined();
    expect(functionToRgb('rgb', 'a, b, c')).toBeUndefined();
    expect(functionToRgb('hsl', '10vw 50% 50%')).toBeUndefined();
  });

  it('accepts palette entries as short or long hex or CSS names, not other words', () => {
    expect(paletteEntryToRgb(' #FFF ')).toBe('#ffffff');
    expect(paletteEntryToRgb('RebeccaPurple')).toBe('#663399');
    expect(paletteEntryToRgb('constructor')).toBeUndefined();
    expect(paletteEntryToRgb('#ffff')).toBeUndefined();
  });
});

describe('palette findings a marketer can act on', () => {
  const brand = { kind: 'palette', name: 'Brand 2026', colors: ['#E4002B', '#1A2B3C', 'white'] } as const;

  it('name the palette and the nearest brand colour', () => {
    const svg = '<svg><rect fill="#ff0000"/><rect fill="navy"/><rect fill="#fafafa"/></svg>';
    expect(check(brand, svg, 'image/svg+xml').map((f) => f.message)).toEqual([
      'Colour "#ff0000" is not in the palette "Brand 2026"; the nearest brand colour is "#E4002B"',
      'Colour "navy" (#000080) is not in the palette "Brand 2026"; the nearest brand colour is "#1A2B3C"',
      'Colour "#fafafa" is not in the palette "Brand 2026"; the nearest brand colour is "white"',
    ]);
    expect(check(rule, '<svg fill="red"/>', 'image/svg+xml')[0].message).toBe(
      'Colour "red" (#ff0000) is not in the palette "r"; the nearest brand colour is "#1A2B3C"',
    );
  });

  it('read colours in HTML inside Markdown, as the preview renders them', () => {
    const markdown =
      '# Launch\n\n<span style="color: #ff0000">Now</span> and <font color="#e4002b">here</font>.\n';
    const findings = check(brand, markdown, 'text/markdown');
    expect(findings.map((f) => textAt(markdown, f.location!))).toEqual(['#ff0000']);
    expect(spans(findings)).toEqual([[3, 21, 7]]);
  });
});
