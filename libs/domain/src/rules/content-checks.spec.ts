import { checkContent, CONTENT_CHECK_IDS, isSupportedMediaType } from './content-checks';
import { png, simpleJpeg } from './testing/images';

const utf8 = (s: string) => new TextEncoder().encode(s);
const ids = (bytes: Uint8Array, type: string, max = 1000) =>
  checkContent(bytes, type, max).findings.map((f) => f.ruleId);

describe('isSupportedMediaType', () => {
  it.each([
    'text/plain',
    'text/markdown',
    'text/html',
    'image/svg+xml',
    'image/png',
    'image/jpeg',
    'text/x-python',
    'application/typescript',
    'application/json',
  ])('accepts %s', (type) => expect(isSupportedMediaType(type)).toBe(true));

  it.each(['application/pdf', 'application/octet-stream', 'video/mp4', 'image/webp'])('refuses %s', (type) =>
    expect(isSupportedMediaType(type)).toBe(false),
  );
});

describe('checkContent', () => {
  it('passes content that is what it says it is', () => {
    expect(ids(utf8('# Title\n\nBody'), 'text/markdown')).toEqual([]);
    expect(ids(utf8('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml')).toEqual([]);
    expect(ids(png(10, 10), 'image/png')).toEqual([]);
    expect(ids(simpleJpeg(10, 10), 'image/jpeg')).toEqual([]);
    expect(ids(utf8('const x = 1;\n'), 'text/x-typescript')).toEqual([]);
    expect(checkContent(png(1, 1), 'image/png', 1000).sniffedMediaType).toBe('image/png');
  });

  it('flags a declared type the bytes contradict', () => {
    expect(ids(png(10, 10), 'text/plain')).toEqual([CONTENT_CHECK_IDS.mismatch]);
    expect(ids(utf8('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'text/plain')).toEqual([
      CONTENT_CHECK_IDS.mismatch,
    ]);
    expect(ids(utf8('just words'), 'image/png')).toEqual([CONTENT_CHECK_IDS.mismatch]);
    const [finding] = checkContent(png(1, 1), 'text/markdown', 1000).findings;
    expect(finding).toMatchObject({
      severity: 'error',
      message: 'Declared as text/markdown, but the content is image/png',
    });
  });

  it('refuses types it cannot check, without also calling them mismatched', () => {
    expect(ids(utf8('%PDF-1.7'), 'application/pdf')).toEqual([CONTENT_CHECK_IDS.unsupported]);
  });

  it('flags content over the size limit', () => {
    const [finding] = checkContent(utf8('x'.repeat(11)), 'text/plain', 10).findings;
    expect(finding).toMatchObject({
      ruleId: CONTENT_CHECK_IDS.tooLarge,
      message: 'Content is 11 bytes; the limit is 10',
    });
  });
});
