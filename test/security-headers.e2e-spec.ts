import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson } from './support/people';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

describe('the content security policy the API serves', () => {
  let q: Quorate;

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
  });
  afterAll(() => q.close());

  it('loads styles and fonts from this origin only, never from any https: host', async () => {
    for (const path of ['/health/live', '/v1/no-such-route', '/docs']) {
      const response = await q.http.get(path);
      const csp = directives(response.headers['content-security-policy']);
      expect({ path, style: csp.get('style-src') }).toEqual({ path, style: ["'self'", "'unsafe-inline'"] });
      expect({ path, font: csp.get('font-src') }).toEqual({ path, font: ["'self'", 'data:'] });
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    }
  });

  it('serves the queue dashboard without linking fonts from the internet', async () => {
    const admin = await createPerson(q, 'admin');
    const page = await q.http.get('/admin/queues').set(bearer(admin.accessToken)).expect(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.text).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);
    expect(page.text).not.toMatch(/<link[^>]+href="https?:/);
    expect(directives(page.headers['content-security-policy']).get('font-src')).toEqual(["'self'", 'data:']);
  });
});
