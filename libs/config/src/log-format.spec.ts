import { Writable } from 'node:stream';
import pino from 'pino';
import { prettyDestination, prettyMessage, resolveLogFormat } from './log-format';

describe('log format', () => {
  it('is pretty on a terminal and JSON anywhere else, unless LOG_FORMAT says', () => {
    expect(resolveLogFormat(undefined, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('makes one short line of a request and of a message with its context', () => {
    const request = { req: { method: 'POST', url: '/v1/assets' }, res: { statusCode: 202 }, responseTime: 4 };
    expect(prettyMessage(request, 'msg')).toBe('POST /v1/assets 202 4ms');
    expect(prettyMessage({ context: 'WorkerRunner', msg: 'started' }, 'msg')).toBe('[WorkerRunner] started');
  });

  it('writes pretty lines, without Nest start-up noise', () => {
    let written = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = pino({ level: 'info' }, prettyDestination({ destination: sink, colorize: false }));
    logger.info({ context: 'RouterExplorer' }, 'Mapped {/v1/assets, POST} route');
    logger.info({ context: 'NestApplication' }, 'Nest application successfully started');
    const lines = written.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\] INFO: \[NestApplication\] Nest application successfully started$/,
    );
  });
});
