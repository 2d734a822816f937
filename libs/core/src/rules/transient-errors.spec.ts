import { runInNewContext } from 'node:vm';
import { QueryFailedError } from 'typeorm';
import { isTransientError, TransientError } from './transient-errors';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isTransientError', () => {
  it.each([
    ['a dropped connection', withCode('57P01')],
    ['a connection failure', withCode('08006')],
    ['a serialisation failure', withCode('40001')],
    ['a deadlock', withCode('40P01')],
    ['too many connections', withCode('53300')],
    ['a refused socket', withCode('ECONNREFUSED')],
    ['a reset socket', withCode('ECONNRESET')],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['Redis offline', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['our own marker', new TransientError('later')],
    ['a wrapped driver error', new QueryFailedError('SELECT 1', [], withCode('57P01'))],
    ['a cause', new Error('outer', { cause: withCode('ETIMEDOUT') })],
    // Node's own errors as a sandboxed test runner sees them: not `instanceof` its Error.
    [
      'an error of another realm',
      runInNewContext(`Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })`),
    ],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
    ['a database shutting down', withCode('57P03', 'the database system is shutting down')],
  ])('retries %s', (_, error) => expect(isTransientError(error)).toBe(true));

  it.each([
    ['a bug', new TypeError('x is not a function')],
    ['a unique violation', withCode('23505')],
    ['a check violation', withCode('23514')],
    ['a refused change', withCode('42501')],
    ['a missing row', new Error('Could not find any entity')],
    ['not an error', 'string'],
  ])('does not retry %s', (_, error) => expect(isTransientError(error)).toBe(false));
});
