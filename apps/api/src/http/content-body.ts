import { BadRequestException } from '@nestjs/common';
import { ContentTooLargeError } from '@app/core';

/** The bytes of a body that carries content as `text` (UTF-8) or `content` (base64), exactly one of them. */
export function decodeContentBody(body: { text?: string; content?: string }, maxBytes: number): Buffer {
  const { text, content } = body;
  if ((content === undefined) === (text === undefined)) {
    throw new BadRequestException({
      message: 'Send exactly one of content (base64) or text',
      details: [{ field: 'content', problems: ['exactly one of content or text is required'] }],
    });
  }
  const bytes = text !== undefined ? Buffer.from(text, 'utf8') : Buffer.from(content!, 'base64');
  if (bytes.length > maxBytes)
    throw new ContentTooLargeError(`Content is ${bytes.length} bytes; the limit is ${maxBytes}`);
  if (bytes.length === 0) throw new BadRequestException('Content must not be empty');
  return bytes;
}
