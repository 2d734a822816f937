import fc from 'fast-check';
import {
  isTextual,
  mediaTypeAgrees,
  mediaTypeEssence,
  sniffMediaType,
  type SniffedMediaType,
} from './media-type';
import { gif, png, simpleJpeg } from './testing/images';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('mediaTypeEssence', () => {
  it('drops parameters, whitespace and case', () => {
    expect(mediaTypeEssence(' Text/HTML ; charset=UTF-8')).toBe('text/html');
    expect(mediaTypeEssence('image/png')).toBe('image/png');
  });
});

describe('isTextual', () => {
  it.each([
    'text/plain',
    'text/markdown',
    'text/html; charset=utf-8',
    'text/css',
    'text/x-typescript',
    'text/x-python',
    'image/svg+xml',
    'application/javascript',
    'application/json',
    'application/ld+json',
    'application/xhtml+xml',
    'application/x-yaml',
  ])('%s is text', (type) => expect(isTextual(type)).toBe(true));

  it.each([
    'image/png',
    'image/jpeg',
    'application/octet-stream',
    'application/pdf',
    'video/mp4',
    'application/zip',
  ])('%s is not text', (type) => expect(isTextual(type)).toBe(false));
});

describe('sniffMediaType', () => {
  it('recognises binary images by their signature', () => {
    expect(sniffMediaType(png(1, 1))).toBe('image/png');
    expect(sniffMediaType(simpleJpeg(1, 1))).toBe('image/jpeg');
    expect(sniffMediaType(gif(1, 1))).toBe('image/gif');
    expect(sniffMediaType(utf8('GIF87a..........'))).toBe('image/gif');
    expect(sniffMediaType(utf8('GIF88a..........'))).toBe('text');
  });

  it('recognises SVG after an optional BOM, XML declaration, comments and doctype', () => {
    expect(sniffMediaType(utf8('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('image/svg+xml');
    expect(
      sniffMediaType(utf8('\ufeff  <?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n<svg>')),
    ).toBe('image/svg+xml');
    const doctype =
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">';
    expect(sniffMediaType(utf8(`${doctype}\n<svg>`))).toBe('image/svg+xml');
    expect(sniffMediaType(utf8('<!DOCTYPE svg [ <!ENTITY ns "x>y"> ]>\n<svg:svg xmlns:svg="…">'))).toBe(
      'image/svg+xml',
    );
    expect(sniffMediaType(utf8(`${'<!-- licence -->\n'.repeat(2_000)}<svg>`))).toBe('image/svg+xml');
    expect(sniffMediaType(utf8(`${'<!DOCTYPE x>'.repeat(50_000)}<svg>`))).toBe('image/svg+xml');
  });

  it('recognises HTML by its doctype or a telling first element', () => {
    expect(sniffMediaType(utf8('<!doctype html><title>x</title>'))).toBe('text/html');
    expect(sniffMediaType(utf8('<!-- page -->\n<HTML lang="en">'))).toBe('text/html');
    expect(sniffMediaType(utf8('<p>Hello</p>'))).toBe('text/html');
    expect(sniffMediaType(utf8('<a href="/">home</a>'))).toBe('text/html');
  });

  it('calls other valid UTF-8 without NUL text', () => {
    expect(sniffMediaType(utf8('# Heading\n\nSome *markdown* with <svg> later'))).toBe('text');
    expect(sniffMediaType(utf8('<section>not on the list</section>'))).toBe('text');
    expect(sniffMediaType(utf8('<svgfoo>'))).toBe('text');
    expect(sniffMediaType(utf8('<!-- never closed <svg>'))).toBe('text');
    expect(sniffMediaType(utf8('Grüße, 世界 😀'))).toBe('text');
    expect(sniffMediaType(new Uint8Array())).toBe('text');
  });

  it('calls invalid UTF-8 or text with NUL octet-stream', () => {
    expect(sniffMediaType(Uint8Array.from([0x68, 0x69, 0xc3]))).toBe('application/octet-stream');
    expect(sniffMediaType(Uint8Array.from([0x68, 0x00, 0x69]))).toBe('application/octet-stream');
    expect(sniffMediaType(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe('application/octet-stream'); // an encoded surrogate
  });

  it('never throws, and calls any string without NUL that starts with a letter text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(typeof sniffMediaType(bytes)).toBe('string');
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(sniffMediaType(utf8(`x${s.replace(/\0/g, '')}`))).toBe('text');
      }),
      { numRuns: 50 },
    );
  });
});

describe('mediaTypeAgrees', () => {
  const cases: Array<[string, SniffedMediaType, boolean]> = [
    ['image/png', 'image/png', true],
    ['image/png', 'image/jpeg', false],
    ['image/jpeg', 'image/jpeg', true],
    ['image/jpg', 'image/jpeg', true],
    ['image/gif', 'image/gif', true],
    ['image/svg+xml', 'image/svg+xml', true],
    ['text/plain', 'image/svg+xml', false],
    ['text/xml', 'image/svg+xml', false],
    ['image/svg+xml', 'text', false],
    ['text/html; charset=utf-8', 'text/html', true],
    ['text/html', 'text', true],
    ['text/markdown', 'text/html', true],
    ['text/plain', 'text/html', false],
    ['text/plain', 'text', true],
    ['text/markdown', 'text', true],
    ['text/x-typescript', 'text', true],
    ['application/json', 'text', true],
    ['image/png', 'text', false],
    ['application/octet-stream', 'text', false],
    ['text/plain', 'application/octet-stream', false],
    ['image/png', 'application/octet-stream', false],
    ['application/pdf', 'application/octet-stream', true],
    ['image/webp', 'application/octet-stream', true],
  ];
  it.each(cases)('declared %s, sniffed %s: %s', (declared, sniffed, agrees) => {
    expect(mediaTypeAgrees(declared, sniffed)).toBe(agrees);
  });
});
