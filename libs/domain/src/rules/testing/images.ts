/** Minimal, valid-enough image headers built byte by byte, so tests state exactly what they feed in. */

const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

export function png(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    ...u32be(13),
    ...ascii('IHDR'),
    ...u32be(width),
    ...u32be(height),
    ...[8, 6, 0, 0, 0], // bit depth, colour type, compression, filter, interlace
    ...[0, 0, 0, 0], // CRC, not checked
    ...u32be(0),
    ...ascii('IEND'),
  ]);
}

export function gif(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    ...ascii('GIF89a'),
    width & 0xff,
    width >> 8,
    height & 0xff,
    height >> 8,
    0,
    0,
    0,
    0x3b,
  ]);
}

/** A marker segment: FF, marker, big-endian length that counts itself, payload. */
export function segment(marker: number, payload: number[]): number[] {
  return [0xff, marker, ...u16be(payload.length + 2), ...payload];
}

export function startOfFrame(width: number, height: number, marker = 0xc0): number[] {
  return segment(marker, [8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0]);
}

const APP0_JFIF = segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const START_OF_SCAN = segment(0xda, [1, 1, 0, 0, 0x3f, 0]);

/** SOI, the given segments, then a scan with bytes that would look like markers if read as segments. */
export function jpeg(...segments: number[][]): Uint8Array {
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segments.flat(),
    ...START_OF_SCAN,
    0x12,
    0xff,
    0x00,
    0x34,
    0xff,
    0xd9,
  ]);
}

export function simpleJpeg(width: number, height: number): Uint8Array {
  return jpeg(APP0_JFIF, startOfFrame(width, height));
}

export const JFIF_SEGMENT = APP0_JFIF;
