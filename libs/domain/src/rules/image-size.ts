import { scanMarkup } from './markup';
import { sniffMediaType } from './media-type';

export interface ImageSize {
  format: 'png' | 'jpeg' | 'gif' | 'svg';
  /** Pixels as stored; EXIF orientation is not applied. SVG sizes may be fractional. */
  width: number;
  height: number;
}

/** The image's size read from its header bytes, or undefined when the bytes do not say. */
export function readImageSize(bytes: Uint8Array): ImageSize | undefined {
  switch (sniffMediaType(bytes)) {
    case 'image/png':
      return readPngSize(bytes);
    case 'image/jpeg':
      return readJpegSize(bytes);
    case 'image/gif':
      return readGifSize(bytes);
    case 'image/svg+xml':
      return readSvgSize(new TextDecoder().decode(bytes));
    default:
      return undefined;
  }
}

/** The IHDR chunk must come first (PNG spec 5.6); width and height are big-endian and never zero. */
function readPngSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isIhdr = view.getUint32(8) === 13 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  return isIhdr && width > 0 && height > 0 ? { format: 'png', width, height } : undefined;
}

function readGifSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 10) return undefined;
  const width = bytes[6] | (bytes[7] << 8);
  const height = bytes[8] | (bytes[9] << 8);
  return width > 0 && height > 0 ? { format: 'gif', width, height } : undefined;
}

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers that stand alone, without a length: TEM and the restart markers RST0-7. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/**
 * Walks the marker segments up to the first start-of-frame (ITU T.81 B.2). Entropy-coded data only
 * follows start-of-scan, so reaching it, or an end of image, before a frame header means no size.
 */
function readJpegSize(bytes: Uint8Array): ImageSize | undefined {
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    while (bytes[i] === 0xff) i++; // fill bytes may pad any marker
    if (i >= bytes.length) return undefined;
    const marker = bytes[i++];
    if (marker === 0xd9 || marker === 0xda) return undefined;
    if (isStandalone(marker)) continue;
    if (i + 2 > bytes.length) return undefined;
    const segmentLength = (bytes[i] << 8) | bytes[i + 1];
    if (segmentLength < 2) return undefined;
    if (isStartOfFrame(marker)) {
      if (segmentLength < 7 || i + 7 > bytes.length) return undefined;
      const height = (bytes[i + 3] << 8) | bytes[i + 4];
      const width = (bytes[i + 5] << 8) | bytes[i + 6];
      // A zero height is defined later by a DNL segment; not worth chasing.
      return width > 0 && height > 0 ? { format: 'jpeg', width, height } : undefined;
    }
    i += segmentLength;
  }
  return undefined;
}

const PX_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['px', 1],
  ['in', 96],
  ['cm', 96 / 2.54],
  ['mm', 96 / 25.4],
  ['pt', 96 / 72],
  ['pc', 16],
]);

/**
 * The size of the outermost svg element: absolute width and height where given, otherwise taken from
 * the viewBox, keeping its aspect ratio when only one side is given. Percentages and font-relative
 * units depend on where the image is shown, so they count as not given.
 */
export function readSvgSize(text: string): ImageSize | undefined {
  let root: Map<string, string> | undefined;
  scanMarkup(text, {
    tag(tag) {
      if (!root && (tag.name === 'svg' || tag.name.endsWith(':svg'))) {
        root = new Map(tag.attributes.map((a) => [a.name, a.value]));
      }
    },
  });
  if (!root) return undefined;
  let width = absoluteLength(root.get('width'));
  let height = absoluteLength(root.get('height'));
  const viewBox = parseViewBox(root.get('viewbox'));
  if (viewBox) {
    if (width === undefined && height === undefined) ({ width, height } = viewBox);
    else if (width === undefined && height !== undefined) width = (height * viewBox.width) / viewBox.height;
    else if (height === undefined && width !== undefined) height = (width * viewBox.height) / viewBox.width;
  }
  return width && height ? { format: 'svg', width, height } : undefined;
}

function absoluteLength(value: string | undefined): number | undefined {
  const m = /^(\+?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)([a-z]*)$/i.exec((value ?? '').trim());
  const scale = m ? PX_PER_UNIT.get(m[2].toLowerCase()) : undefined;
  if (!m || scale === undefined) return undefined;
  const px = Number(m[1]) * scale;
  return Number.isFinite(px) && px > 0 ? px : undefined;
}

function parseViewBox(value: string | undefined): { width: number; height: number } | undefined {
  const parts = (value ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined;
  const [, , width, height] = parts;
  return width > 0 && height > 0 ? { width, height } : undefined;
}
