import { check } from '../testing/check-rule';
import { gif, png, simpleJpeg } from '../testing/images';

describe('image-dimensions', () => {
  const rule = {
    kind: 'image-dimensions',
    minWidth: 100,
    maxWidth: 200,
    minHeight: 50,
    maxHeight: 60,
  } as const;

  it('passes an image inside the bounds, inclusive', () => {
    expect(check(rule, png(100, 50), 'image/png')).toEqual([]);
    expect(check(rule, simpleJpeg(200, 60), 'image/jpeg')).toEqual([]);
    expect(check(rule, gif(150, 55), 'image/gif')).toEqual([]);
  });

  it('reports each bound that is crossed', () => {
    expect(check(rule, png(99, 61), 'image/png').map((f) => f.message)).toEqual([
      'Image is 99 px wide and 61 px high; the minimum width is 100 px',
      'Image is 99 px wide and 61 px high; the maximum height is 60 px',
    ]);
    expect(check(rule, simpleJpeg(201, 49), 'image/jpeg').map((f) => f.message)).toEqual([
      'Image is 201 px wide and 49 px high; the maximum width is 200 px',
      'Image is 201 px wide and 49 px high; the minimum height is 50 px',
    ]);
  });

  it('reads SVG sizes, fractional ones too', () => {
    expect(check(rule, '<svg width="150" height="55"/>', 'image/svg+xml')).toEqual([]);
    expect(check(rule, '<svg viewBox="0 0 300.456 55"/>', 'image/svg+xml').map((f) => f.message)).toEqual([
      'Image is 300.46 px wide and 55 px high; the maximum width is 200 px',
    ]);
  });

  it('fails an image whose size cannot be read rather than passing it', () => {
    expect(check(rule, Uint8Array.from([1, 2, 3]), 'image/webp')).toEqual([
      {
        ruleId: 'r',
        severity: 'error',
        message:
          'Could not read the dimensions of this image/webp content; PNG, JPEG, GIF and SVG are supported',
      },
    ]);
    expect(check(rule, '<svg width="100%"/>', 'image/svg+xml')).toHaveLength(1);
  });

  it('does not apply to content declared as something other than an image', () => {
    expect(check(rule, 'hello', 'text/plain')).toEqual([]);
  });
});
