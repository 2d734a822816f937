import autocannon from 'autocannon';

export interface HttpSample {
  perSecond: number;
  p99Ms: number;
}

/**
 * Posts for `seconds` with `connections` kept busy. Each request gets a fresh body from `nextBody`,
 * so every submission is new work rather than a deduplicated one. Only 202s count; anything else fails.
 */
export async function hammer(options: {
  url: string;
  headers: Record<string, string>;
  nextBody: () => string;
  connections: number;
  seconds: number;
}): Promise<HttpSample> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: options.nextBody() }),
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(
      `${failed} of ${result.requests.sent} requests to ${options.url} failed ` +
        `(${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`,
    );
  }
  return { perSecond: result['2xx'] / result.duration, p99Ms: result.latency.p99 };
}
