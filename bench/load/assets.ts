import { createHash } from 'node:crypto';
import { TEXT_BYTES } from '../config';

const FILLER = 'Quarterly launch copy for the spring campaign, drafted for review. '.repeat(
  Math.ceil(TEXT_BYTES / 60),
);

/**
 * The JSON body of one text submission of exactly TEXT_BYTES bytes. The tag makes the text unique:
 * the content store keeps one blob per hash, and identical texts would measure deduplication instead.
 */
export function textSubmission(tag: string, classKey = 'demo'): string {
  const head = `${tag}: `;
  const text = head + FILLER.slice(0, TEXT_BYTES - Buffer.byteLength(head));
  const sha256 = createHash('sha256').update(text).digest('hex');
  return JSON.stringify({ classKey, title: tag, mediaType: 'text/plain', text, sha256 });
}
