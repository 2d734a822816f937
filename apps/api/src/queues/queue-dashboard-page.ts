import type { Application } from 'express';

type Render = (path: string, options: object, done: (error: Error | null, html?: string) => void) => void;

// Bull Board's page loads its fonts from Google: a request to a third party from an admin page, which a
// closed network cannot make anyway. Its stylesheet falls back to the system sans-serif and monospace.
const REMOTE_LINK = /<link\b[^>]*\bhref="(?:https?:)?\/\/[^"]*"[^>]*>\s*/gi;

/** The page's HTML without `<link>`s to other hosts. */
export function withoutRemoteLinks(html: string): string {
  return html.replace(REMOTE_LINK, '');
}

/** Wraps the dashboard's view engine (set by createBullBoard) so every page it renders is filtered. */
export function serveWithoutRemoteLinks(dashboard: Application): void {
  const engines = (dashboard as Application & { engines: Record<string, Render | undefined> }).engines;
  const render = engines['.ejs'];
  if (!render) throw new Error('the queue dashboard has no view engine to wrap');
  dashboard.engine('ejs', (path, options, done) =>
    render(path, options, (error, html) => done(error, html === undefined ? html : withoutRemoteLinks(html))),
  );
}
