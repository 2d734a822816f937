import type { Hit } from '../hit';
import { mediaTypeEssence } from '../media-type';
import { mediaRangeAdmits, type MaxBytesRule, type MediaTypeRule } from '../rule-set';

/** `mediaType` is the declared type's essence; "image/*" admits every image type. */
export function* mediaTypeHits(rule: MediaTypeRule, mediaType: string): Iterable<Hit> {
  const allowed = rule.allowed.map(mediaTypeEssence);
  const admitted = allowed.some((entry) => mediaRangeAdmits(entry, mediaType));
  if (!admitted)
    yield { message: `Media type "${mediaType}" is not allowed (allowed: ${allowed.join(', ')})` };
}

export function* maxBytesHits(rule: MaxBytesRule, bytes: Uint8Array): Iterable<Hit> {
  if (bytes.length > rule.max)
    yield { message: `Content is ${bytes.length} bytes; the maximum is ${rule.max}` };
}
