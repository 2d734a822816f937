import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import type { Env } from './env.schema';

export type LogFormat = NonNullable<Env['LOG_FORMAT']>;

/** JSON for machines (pipes, files, collectors), short coloured lines for a person at a terminal. */
export function resolveLogFormat(configured: Env['LOG_FORMAT'], isTerminal: boolean): LogFormat {
  return configured ?? (isTerminal ? 'pretty' : 'json');
}

// Nest's start-up report of every module and route: dozens of lines a person reading a terminal never
// needs (LOG_FORMAT=json keeps them, LOG_LEVEL=debug is not needed for that).
const START_UP_NOISE = /"context":"(?:InstanceLoader|RoutesResolver|RouterExplorer)"/;

interface LogLine {
  context?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  [key: string]: unknown;
}

/** One line per entry: `GET /v1/assets/… 200 3ms`, or `[Context] message`. */
export function prettyMessage(log: LogLine, messageKey: string): string {
  if (log.req && log.res) {
    return `${log.req.method} ${log.req.url} ${log.res.statusCode} ${log.responseTime ?? '?'}ms`;
  }
  const context = log.context ? `[${log.context}] ` : '';
  const message = log[messageKey];
  return `${context}${typeof message === 'string' ? message : JSON.stringify(message ?? '')}`;
}

/** A pino destination that writes pretty lines to `fd` (stdout by default), or to `destination`. */
export function prettyDestination(
  options: { destination?: DestinationStream; colorize?: boolean } = {},
): DestinationStream {
  const stream = pretty({
    destination: options.destination ?? 1,
    colorize: options.colorize ?? process.stdout.isTTY === true,
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,req,res,responseTime',
    messageFormat: (log, messageKey) => prettyMessage(log, messageKey),
  });
  return {
    write(line: string) {
      if (!START_UP_NOISE.test(line)) stream.write(line);
    },
  };
}
