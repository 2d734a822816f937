import fc from 'fast-check';
import { readImageSize, readSvgSize } from './image-size';
import { gif, JFIF_SEGMENT, jpeg, png, segment, simpleJpeg, startOfFrame } from './testing/images';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('readImageSize: PNG', () => {
  it('reads width and height from IHDR', () => {
    expect(readImageSize(png(640, 480))).toEqual({ format: 'png', width: 640, height: 480 });
    expect(readImageSize(png(1, 0x7fffffff))).toEqual({ format: 'png', width: 1, height: 0x7fffffff });
  });

  it('reads a PNG that sits inside a larger buffer', () => {
    const backing = new Uint8Array(100);
    const image = png(32, 16);
    backing.set(image, 10);
    expect(readImageSize(backing.subarray(10, 10 + image.length))).toEqual({
      format: 'png',
      width: 32,
      height: 16,
    });
  });

  it('gives up on truncated headers, a first chunk other than IHDR, and zero sizes', () => {
    expect(readImageSize(png(640, 480).subarray(0, 23))).toBeUndefined();
    const renamed = png(640, 480);
    renamed.set([0x49, 0x44, 0x41, 0x54], 12); // "IDAT"
    expect(readImageSize(renamed)).toBeUndefined();
    expect(readImageSize(png(0, 10))).toBeUndefined();
  });
});

describe('readImageSize: GIF', () => {
  it('reads the little-endian logical screen size', () => {
    expect(readImageSize(gif(300, 2))).toEqual({ format: 'gif', width: 300, height: 2 });
  });

  it('gives up when truncated', () => {
    expect(readImageSize(gif(300, 2).subarray(0, 9))).toBeUndefined();
  });
});

describe('readImageSize: JPEG', () => {
  it('reads a baseline frame header after an APP0 segment', () => {
    expect(readImageSize(simpleJpeg(1920, 1080))).toEqual({ format: 'jpeg', width: 1920, height: 1080 });
  });

  it('reads progressive (SOF2) and other frame types', () => {
    for (const marker of [0xc1, 0xc2, 0xc3, 0xc5, 0xc9, 0xcf]) {
      expect(readImageSize(jpeg(startOfFrame(10, 20, marker)))).toEqual({
        format: 'jpeg',
        width: 10,
        height: 20,
      });
    }
  });

  it('skips segments by their length, even when their payload holds marker-like bytes', () => {
    const exif = segment(0xe1, [0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x01, 0x00, 0x01]);
    expect(readImageSize(jpeg(JFIF_SEGMENT, exif, startOfFrame(800, 600)))).toMatchObject({
      width: 800,
      height: 600,
    });
  });

  it('does not take DHT (C4), JPG (C8) or DAC (CC) for a frame header', () => {
    const lookalike = (marker: number) => segment(marker, [8, 0, 9, 0, 9, 1, 1, 0x11, 0]);
    const image = jpeg(lookalike(0xc4), lookalike(0xc8), lookalike(0xcc), startOfFrame(64, 32));
    expect(readImageSize(image)).toMatchObject({ width: 64, height: 32 });
  });

  it('steps over fill bytes and standalone markers', () => {
    const image = jpeg([0xff, 0xff, 0xff], [0xff, 0xd0], startOfFrame(5, 6));
    expect(readImageSize(image)).toMatchObject({ width: 5, height: 6 });
  });

  it('gives up when the scan or the end comes before any frame header', () => {
    expect(readImageSize(jpeg(JFIF_SEGMENT))).toBeUndefined();
    expect(readImageSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toBeUndefined();
  });

  it('gives up on a zero height (defined later by DNL) and on a segment length below 2', () => {
    expect(readImageSize(jpeg(startOfFrame(100, 0)))).toBeUndefined();
    expect(readImageSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0xff, 0xc0]))).toBeUndefined();
  });

  it('gives up when it loses marker sync', () => {
    expect(readImageSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x02, 0x42, 0xc0]))).toBeUndefined();
  });

  it('never throws and never reports a wrong size for a truncated JPEG', () => {
    const whole = jpeg(JFIF_SEGMENT, segment(0xdb, Array(65).fill(1)), startOfFrame(321, 123));
    for (let end = 0; end <= whole.length; end++) {
      const size = readImageSize(whole.subarray(0, end));
      if (size) expect(size).toEqual({ format: 'jpeg', width: 321, height: 123 });
    }
    expect(readImageSize(whole)).toBeDefined();
  });

  it('never throws on arbitrary bytes behind an image signature', () => {
    const signatures = [
      [0xff, 0xd8, 0xff],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      Array.from('GIF89a', (c) => c.charCodeAt(0)),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 64 }), (signature, tail) => {
        const size = readImageSize(Uint8Array.from([...signature, ...tail]));
        if (size) expect(size.width > 0 && size.height > 0).toBe(true);
      }),
    );
  });
});

describe('readImageSize: SVG', () => {
  it('reads absolute width and height, converting units to CSS pixels', () => {
    expect(readSvgSize('<svg width="120" height="40"/>')).toEqual({ format: 'svg', width: 120, height: 40 });
    expect(readSvgSize('<svg width="120px" height="4e1px"/>')).toMatchObject({ width: 120, height: 40 });
    expect(readSvgSize('<svg width="1in" height="72pt"/>')).toMatchObject({ width: 96, height: 96 });
    expect(readSvgSize('<svg width="2.54cm" height="25.4mm"/>')).toMatchObject({ width: 96, height: 96 });
  });

  it('falls back on the viewBox, keeping its aspect ratio when one side is given', () => {
    expect(readSvgSize('<svg viewBox="0 0 300 150"/>')).toMatchObject({ width: 300, height: 150 });
    expect(readSvgSize('<svg viewBox="0,0,300,150" width="600"/>')).toMatchObject({
      width: 600,
      height: 300,
    });
    expect(readSvgSize('<svg viewBox="0 0 300 150" height="50"/>')).toMatchObject({ width: 100, height: 50 });
    expect(readSvgSize('<svg width="100%" height="50%" viewBox="-10 -10 20 40"/>')).toMatchObject({
      width: 20,
      height: 40,
    });
  });

  it('reads the outermost svg element after a prologue, not a nested one', () => {
    const svg =
      '<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20"><svg width="99" height="99"/></svg>';
    expect(readImageSize(utf8(svg))).toEqual({ format: 'svg', width: 10, height: 20 });
  });

  it('gives up when the size depends on where the image is shown', () => {
    expect(readSvgSize('<svg width="10em" height="10em"/>')).toBeUndefined();
    expect(readSvgSize('<svg/>')).toBeUndefined();
    expect(readSvgSize('<svg width="10" viewBox="0 0 0 10"/>')).toBeUndefined();
    expect(readSvgSize('<svg width="-5" height="5"/>')).toBeUndefined();
    expect(readSvgSize('no svg here')).toBeUndefined();
  });
});

it('readImageSize gives up on content that is not a supported image', () => {
  expect(readImageSize(utf8('hello'))).toBeUndefined();
  expect(readImageSize(Uint8Array.from([0x52, 0x49, 0x46, 0x46]))).toBeUndefined();
});
