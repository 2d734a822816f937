import type { Finding } from '../finding';
import {
  isTextual,
  mediaTypeAgrees,
  mediaTypeEssence,
  sniffMediaType,
  type SniffedMediaType,
} from './media-type';

/** Rule ids of the checks every version gets, whatever its class's rule set says. */
export const CONTENT_CHECK_IDS = {
  unsupported: 'media.unsupported',
  mismatch: 'media.type-mismatch',
  tooLarge: 'media.too-large',
} as const;

/** Images the rules can read (dimensions) besides the textual types: PNG, JPEG and GIF. */
const BINARY_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/pjpeg', 'image/gif']);

/**
 * Whether Quorate accepts content of this declared type: text of any kind (plain, Markdown, HTML,
 * CSV, source code, JSON and YAML), SVG, and PNG, JPEG and GIF images. Anything else is bytes the
 * rules cannot read, so it could only pass unchecked.
 */
export function isSupportedMediaType(mediaType: string): boolean {
  const essence = mediaTypeEssence(mediaType);
  return isTextual(essence) || BINARY_IMAGE_TYPES.has(essence);
}

export interface ContentCheck {
  sniffedMediaType: SniffedMediaType;
  findings: Finding[];
}

/**
 * The checks on the bytes themselves: a media type Quorate supports, declared truthfully (judged by
 * sniffing the content), and a size within the configured limit. Linear in the content's size.
 */
export function checkContent(bytes: Uint8Array, declaredMediaType: string, maxBytes: number): ContentCheck {
  const findings: Finding[] = [];
  const essence = mediaTypeEssence(declaredMediaType);
  const sniffedMediaType = sniffMediaType(bytes);
  if (bytes.length > maxBytes) {
    findings.push({
      ruleId: CONTENT_CHECK_IDS.tooLarge,
      severity: 'error',
      message: `Content is ${bytes.length} bytes; the limit is ${maxBytes}`,
    });
  }
  if (!isSupportedMediaType(essence)) {
    findings.push({
      ruleId: CONTENT_CHECK_IDS.unsupported,
      severity: 'error',
      message: `Media type "${essence}" is not accepted: send text (plain, Markdown, HTML, source code), SVG, PNG, JPEG or GIF`,
    });
  } else if (!mediaTypeAgrees(essence, sniffedMediaType)) {
    findings.push({
      ruleId: CONTENT_CHECK_IDS.mismatch,
      severity: 'error',
      message: `Declared as ${essence}, but the content is ${describeSniffed(sniffedMediaType)}`,
    });
  }
  return { sniffedMediaType, findings };
}

function describeSniffed(sniffed: SniffedMediaType): string {
  switch (sniffed) {
    case 'text':
      return 'plain text';
    case 'application/octet-stream':
      return 'binary data (neither UTF-8 text nor a known image format)';
    default:
      return sniffed;
  }
}
