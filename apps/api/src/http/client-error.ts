import type { Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from './error.filter';

/** Node's parser errors that have a status of their own; anything else it cannot parse is a 400. */
const ANSWER_FOR_CODE: Record<string, { statusCode: number; message: string }> = {
  HPE_HEADER_OVERFLOW: { statusCode: 431, message: 'The request headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { statusCode: 408, message: 'The request took too long to arrive' },
};
const NOT_HTTP = { statusCode: 400, message: 'The request is not valid HTTP' };

/**
 * Requests Node cannot parse (a 20 KB header, a malformed request line) never reach Express, and Node's own
 * answer is a status line with no body. This gives them the API's one error shape.
 */
export function answerUnparsableRequests(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { statusCode, message } = ANSWER_FOR_CODE[error.code ?? ''] ?? NOT_HTTP;
    const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${statusCode} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  });
}
