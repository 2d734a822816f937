import type { Hit } from '../hit';
import { readImageSize } from '../image-size';
import type { ImageDimensionsRule } from '../rule-set';

/** SVG sizes may be fractional; two decimals are enough to act on. */
function px(n: number): string {
  return `${Number.isInteger(n) ? n : Number(n.toFixed(2))} px`;
}

/**
 * Applies to content declared as an image. An image whose size cannot be read fails the rule rather
 * than passing it unchecked.
 */
export function* imageDimensionHits(
  rule: ImageDimensionsRule,
  bytes: Uint8Array,
  mediaType: string,
): Iterable<Hit> {
  if (!mediaType.startsWith('image/')) return;
  const size = readImageSize(bytes);
  if (!size) {
    yield {
      message: `Could not read the dimensions of this ${mediaType} content; PNG, JPEG, GIF and SVG are supported`,
    };
    return;
  }
  const { width, height } = size;
  const of = `Image is ${px(width)} wide and ${px(height)} high`;
  if (rule.minWidth !== undefined && width < rule.minWidth)
    yield { message: `${of}; the minimum width is ${px(rule.minWidth)}` };
  if (rule.maxWidth !== undefined && width > rule.maxWidth)
    yield { message: `${of}; the maximum width is ${px(rule.maxWidth)}` };
  if (rule.minHeight !== undefined && height < rule.minHeight) {
    yield { message: `${of}; the minimum height is ${px(rule.minHeight)}` };
  }
  if (rule.maxHeight !== undefined && height > rule.maxHeight) {
    yield { message: `${of}; the maximum height is ${px(rule.maxHeight)}` };
  }
}
