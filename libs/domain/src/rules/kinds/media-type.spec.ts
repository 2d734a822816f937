import { check } from '../testing/check-rule';
import { png } from '../testing/images';

describe('media-type', () => {
  const rule = { kind: 'media-type', allowed: ['image/png', 'text/*', 'Image/SVG+XML'] } as const;

  it('admits listed types and whole top-level types, ignoring case and parameters', () => {
    expect(check(rule, png(1, 1), 'image/png')).toEqual([]);
    expect(check(rule, 'x', 'text/markdown; charset=utf-8')).toEqual([]);
    expect(check(rule, '<svg/>', 'IMAGE/SVG+XML')).toEqual([]);
  });

  it('reports a type not on the list', () => {
    expect(check(rule, 'x', 'application/json')).toEqual([
      {
        ruleId: 'r',
        severity: 'error',
        message: 'Media type "application/json" is not allowed (allowed: image/png, text/*, image/svg+xml)',
      },
    ]);
    expect(check(rule, 'x', 'textual/plain')).toHaveLength(1);
  });
});

describe('max-bytes', () => {
  it('counts bytes, not characters, and allows exactly the maximum', () => {
    expect(check({ kind: 'max-bytes', max: 4 }, '😀', 'text/plain')).toEqual([]);
    expect(check({ kind: 'max-bytes', max: 3 }, '😀', 'text/plain')).toEqual([
      { ruleId: 'r', severity: 'error', message: 'Content is 4 bytes; the maximum is 3' },
    ]);
  });

  it('applies to binary content too', () => {
    expect(check({ kind: 'max-bytes', max: 10 }, png(1, 1), 'image/png')).toHaveLength(1);
  });
});
