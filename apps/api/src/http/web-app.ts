import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import { Router, static as serveStatic } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Env } from '@app/config';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

/** Paths the single-page app must never answer, so an unknown API route stays a JSON 404. */
const SERVER_PATHS = ['/v1', '/docs', '/docs-json', '/docs-yaml', '/health', '/metrics', '/admin/queues'];

/**
 * Helmet's defaults, except:
 * - styles and fonts come from this origin only (helmet also allows any `https:` host, which let a
 *   stylesheet or font leak page text to a server of its choosing);
 * - previews of PNG, JPEG and SVG assets are `blob:`/`data:` images;
 * - `upgrade-insecure-requests` is dropped: on a plain-http deployment it would break every asset load.
 * Inline styles stay allowed: the sandboxed preview frames inherit this policy and need them, and the app
 * never puts asset content into its own document.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'style-src': ["'self'", "'unsafe-inline'"],
        'font-src': ["'self'", 'data:'],
        'img-src': ["'self'", 'data:', 'blob:'],
        'upgrade-insecure-requests': null,
      },
    },
  });
}

/** Serves the built web app (apps/web/dist) at `/`, with index.html for the app's own client routes. */
export function serveWebApp(app: NestExpressApplication): void {
  const root = findWebDist(__dirname);
  if (!root) {
    app
      .get(Logger)
      .warn('The web app is not built (apps/web/dist is missing): run `npm run build:web` to serve it at /');
    return;
  }
  const production = app.get(ConfigService<Env, true>).get('NODE_ENV', { infer: true }) === 'production';
  app.use(webAppRoutes(root, { production }));
}

/** The built app's files and client routes, from `root`. */
export function webAppRoutes(root: string, options: { production: boolean }): Router {
  const routes = Router();
  const index = join(root, 'index.html');
  // A source map hands anyone the app's original source, comments included. Production builds emit
  // none (vite.config.mts); one left in dist by a development build is still not served.
  if (options.production) {
    routes.use((req: Request, res: Response, next: NextFunction) =>
      req.path.endsWith('.map')
        ? res.status(404).json({ statusCode: 404, error: 'Not Found', message: 'Not found' })
        : next(),
    );
  }
  routes.use(serveStatic(root, { index: false, maxAge: '1h' }));
  routes.use((req: Request, res: Response, next: NextFunction) => {
    if (!isClientRoute(req)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return routes;
}

function isClientRoute(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.path;
  if (SERVER_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) return false;
  // A missing file (a stale script after a deploy) is a 404, not the app's HTML.
  return !/\.[a-z0-9]+$/i.test(path);
}

/** From source (apps/api/src/http) or from dist (dist/apps/api/src/http): the nearest apps/web/dist. */
function findWebDist(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
