import express from 'express';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { webAppRoutes } from '../apps/api/src/http/web-app';
import { DEMO_ADMIN_EMAIL } from '../libs/core/src/seed/demo-seed';
import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson } from './support/people';

describe('identity surface', () => {
  let q: Quorate;

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
  });
  afterAll(() => q.close());

  it('refuses a webhook URL carrying user:password@ with a 400 and writes nothing', async () => {
    const admin = await createPerson(q, 'admin');
    const before = await q.db.query(`SELECT count(*)::int AS n FROM webhooks`);
    const response = await q.http
      .post('/v1/webhooks')
      .set(bearer(admin.accessToken))
      .send({ url: 'https://user:secret@hooks.example.com/in', events: ['version.released'] })
      .expect(400);
    expect(response.body.message).toMatch(/user name or password/);
    expect(await q.db.query(`SELECT count(*)::int AS n FROM webhooks`)).toEqual(before);
  });

  it("keeps the demo admin's e-mail out of the OpenAPI document and documents the auth errors", async () => {
    const document = (await q.http.get('/docs-json').expect(200)).body;
    expect(JSON.stringify(document)).not.toContain(DEMO_ADMIN_EMAIL);
    const login = document.paths['/v1/auth/login'].post.responses;
    expect(Object.keys(login)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    const me = document.paths['/v1/auth/me'].get.responses;
    expect(Object.keys(me)).toEqual(expect.arrayContaining(['200', '401']));
    expect(JSON.stringify(document.components.schemas.BotCallerDto)).not.toContain('ownerUserId');
  });

  it('serves no source maps in production, even when a build left one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'quorate-web-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Quorate</title>');
    writeFileSync(join(root, 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map');
    writeFileSync(join(root, 'app.js.map'), '{"version":3,"sources":["app.tsx"]}');
    const serve = (production: boolean) => request(express().use(webAppRoutes(root, { production })));
    await serve(true).get('/app.js').expect(200);
    await serve(true).get('/app.js.map').expect(404);
    await serve(false).get('/app.js.map').expect(200);
  });
});
