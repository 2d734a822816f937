import type { Browser, Page } from 'playwright-core';
import { settled } from '../support/assets';
import { startQuorate, type Quorate } from '../support/harness';
import { bearer } from '../support/people';
import { vote } from '../support/quorum';
import { clickCounter, launchBrowser, newPage, screenshot } from './browser';
import {
  asset,
  campaignClass,
  CLASS_KEY,
  decisionOf,
  demoAdmin,
  listen,
  newVersion,
  reviewer,
  submitForReview,
  type WebPerson,
} from './fixtures';

const EMAIL_V1 = `# Spring launch

Meet the new Quorate workspace: every draft reviewed by the right people.

- Faster approvals
- Clear ownership
`;

const EMAIL_V2 = `# Spring launch

Meet the new quorate workspace: every draft reviewed by the right people.

Our synergy with your brand team means less back and forth.

- Faster approvals, with weighted votes
- Clear ownership
- Leverage the ledger for audits

[Start your trial](https://quorate.io/trial)
`;

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="200" viewBox="0 0 480 200">
<rect width="480" height="200" rx="16" fill="#4f46e5"/>
<circle cx="100" cy="100" r="50" fill="#3fb6f5"/>
<text x="180" y="112" font-family="sans-serif" font-size="32" fill="#fff">Product tour</text>
</svg>
`;

describe('the web app in a real browser', () => {
  let q: Quorate;
  let browser: Browser;
  let base: string;
  let admin: WebPerson;
  let maya: WebPerson;
  let jonas: WebPerson;
  let botKey: string;
  let launchId: string;

  beforeAll(async () => {
    [q, browser] = await Promise.all([startQuorate(), launchBrowser()]);
    base = await listen(q);
    admin = await demoAdmin(q);
    maya = await reviewer(q, 'maya.chen@example.com', 'Maya Chen');
    jonas = await reviewer(q, 'jonas.weber@example.com', 'Jonas Weber');
    botKey = await campaignClass(q, admin, [maya, jonas]);

    // A decision that a lower approval threshold would have turned around: one approve, one reject.
    const partner = await submitForReview(
      q,
      botKey,
      asset('Partner announcement', 'text/plain', 'We are partnering with Acme.\n'),
    );
    const partnerDecision = await decisionOf(q, botKey, partner, 1);
    await vote(q, { ...maya, refreshToken: '' }, partnerDecision, 'approve', 'Reads well');
    expect(
      (await vote(q, { ...jonas, refreshToken: '' }, partnerDecision, 'reject', 'Legal has not signed off'))
        .body.state,
    ).toBe('rejected');

    launchId = await submitForReview(q, botKey, asset('Spring launch email', 'text/markdown', EMAIL_V1));
    await newVersion(
      q,
      botKey,
      launchId,
      asset('Spring launch email', 'text/markdown', EMAIL_V2, 'gpt-4o-2024-11-20'),
    );
    await submitForReview(
      q,
      botKey,
      asset('Homepage hero headline', 'text/plain', 'Review every AI draft before it ships.\n'),
    );
    await submitForReview(
      q,
      botKey,
      asset(
        'Pricing FAQ',
        'text/html',
        '<h2>Is there a free plan?</h2><p>Yes: up to <strong>3 reviewers</strong>.</p>\n',
      ),
    );
    await submitForReview(q, botKey, asset('Product tour illustration', 'image/svg+xml', SVG, 'dall-e-3'));
  });

  afterAll(async () => {
    await browser?.close();
    await q?.close();
  });

  it('serves the app for client routes, but never in place of an API answer', async () => {
    const page = await fetch(`${base}/decisions/00000000-0000-4000-8000-000000000000`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).not.toContain('upgrade-insecure-requests');
    const api = await fetch(`${base}/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/json/);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    const openApi = await fetch(`${base}/docs-json`);
    expect(openApi.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('lets two reviewers vote in the browser until the asset is released', async () => {
    // Jonas watches the review while Maya votes: his quorum bar moves without a reload.
    const jonasTab = await newPage(browser, base);
    await signIn(jonasTab.page, jonas);
    await jonasTab.page.getByRole('link', { name: /Spring launch email/ }).waitFor();
    expect(await jonasTab.page.getByRole('heading', { name: 'Inbox' }).isVisible()).toBe(true);
    await screenshot(jonasTab.page, 'inbox');
    await jonasTab.page.getByRole('link', { name: /Spring launch email/ }).click();
    await jonasTab.page.getByText('Not voted 2').waitFor();

    // Maya, from the login page: at most four clicks plus typing.
    const mayaTab = await newPage(browser, base);
    const clicks = clickCounter();
    await mayaTab.page.goto('/');
    await mayaTab.page.getByLabel('Email').fill(maya.email);
    await mayaTab.page.getByLabel('Password').fill(maya.password);
    await clicks.click(mayaTab.page.getByRole('button', { name: 'Sign in' }));
    await clicks.click(mayaTab.page.getByRole('link', { name: /Spring launch email/ }));
    await clicks.click(mayaTab.page.getByRole('button', { name: 'Approve' }));
    await mayaTab.page.getByLabel(/Reason/).fill('Clear and on brand once the casing is fixed');
    await clicks.click(mayaTab.page.getByRole('button', { name: 'Cast vote' }));
    await mayaTab.page.getByText('Vote recorded').waitFor();
    expect(clicks.count).toBeLessThanOrEqual(4);

    await jonasTab.page.getByText('Approve 1').waitFor();
    expect(await jonasTab.page.getByText('Maya Chen').first().isVisible()).toBe(true);
    // The findings sit at their lines in the source, and provenance names the model and previous version.
    const source = jonasTab.page.getByRole('region', { name: 'Source with findings' });
    expect(
      await source
        .getByText(/synergy/i)
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await source.locator('#L5 .src-finding').count()).toBeGreaterThan(0);
    expect(await jonasTab.page.getByText('gpt-4o-2024-11-20').isVisible()).toBe(true);
    await screenshot(jonasTab.page, 'asset-review');
    // The tabs work from the keyboard too.
    await jonasTab.page.getByRole('tab', { name: /Source/ }).focus();
    await jonasTab.page.keyboard.press('ArrowRight');
    const changes = jonasTab.page.getByRole('tab', { name: /Changes from v1/ });
    expect(await changes.getAttribute('aria-selected')).toBe('true');
    expect(await jonasTab.page.getByText(/added/).first().isVisible()).toBe(true);
    await jonasTab.page.getByRole('tab', { name: /Preview/ }).click();
    expect(await preview(jonasTab.page).locator('h1').textContent()).toBe('Spring launch');

    await jonasTab.page.getByRole('button', { name: 'Approve' }).click();
    await jonasTab.page.getByRole('button', { name: 'Cast vote' }).click();
    await jonasTab.page.getByText('Why it was decided').waitFor();
    expect(await jonasTab.page.getByText('approved', { exact: true }).first().isVisible()).toBe(true);
    await screenshot(jonasTab.page, 'decision-closed');
    expect((await settled(q.http, botKey, launchId)).status).toBe('released');

    // The remaining reviews render their own media types.
    await nav(mayaTab.page, 'Inbox').click();
    await mayaTab.page.getByRole('link', { name: /Product tour illustration/ }).click();
    await preview(mayaTab.page).locator('svg circle').waitFor();
    await nav(mayaTab.page, 'Inbox').click();
    await mayaTab.page.getByRole('link', { name: /Pricing FAQ/ }).click();
    expect(await preview(mayaTab.page).locator('strong').textContent()).toBe('3 reviewers');

    expect([...jonasTab.errors, ...mayaTab.errors]).toEqual([]);
    await Promise.all([jonasTab.context.close(), mayaTab.context.close()]);
  });

  it('lets an admin change a threshold after seeing what the dry run says it would change', async () => {
    const { page, context, errors } = await newPage(browser, base);
    await signIn(page, admin);
    await nav(page, 'Classes & policies').click();
    await page.getByRole('button', { name: /Campaign copy/ }).click();
    const save = page.getByRole('button', { name: 'Save as version 2' });
    await page.getByLabel('Approval threshold (%)').fill('50');
    expect(await save.isDisabled()).toBe(true);
    await page.getByRole('button', { name: /Preview impact/ }).click();
    const result = page.getByRole('region', { name: 'Dry-run result' });
    await result.getByText('1 would end differently').waitFor();
    expect(await result.getByRole('cell', { name: 'rejected', exact: true }).isVisible()).toBe(true);
    expect(await result.getByRole('cell', { name: 'approved', exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'policy-editor');

    await save.click();
    await page.getByText('Saved campaign-copy policy version 2').waitFor();
    const policies = await q.http
      .get(`/v1/policies?classKey=${CLASS_KEY}`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(
      policies.body.map((p: { version: number; approvalBps: number }) => [p.version, p.approvalBps]),
    ).toEqual([
      [1, 6000],
      [2, 5000],
    ]);

    // Each admin page, once all of its data is in (every text waited for comes from the API).
    const pages: [string, string[], string][] = [
      ['Rule sets', ['How we sound: plain words, our names spelt right.'], 'rule-sets'],
      ['People & groups', ['maya.chen@example.com', 'Campaign copy'], 'people'],
      ['Bot keys', ['campaign-writer', 'Campaign copy'], 'bot-keys'],
      ['Webhooks', ['No webhooks yet.'], 'webhooks'],
    ];
    for (const [link, loaded, name] of pages) {
      await nav(page, link).click();
      for (const text of loaded) await page.getByText(text).first().waitFor({ state: 'attached' });
      await screenshot(page, name);
    }
    await nav(page, 'Ledger').click();
    await page.getByRole('button', { name: 'Run audit' }).click();
    await page.getByText(/entries and every checkpoint verify/).waitFor();
    await screenshot(page, 'ledger');

    // The queue dashboard is a server page: it opens in a tab of its own, signed in through its cookie.
    const [dashboard] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: /Queues/ }).click(),
    ]);
    await dashboard.waitForURL(/\/admin\/queues/);
    await dashboard.getByText('validation', { exact: true }).first().waitFor();
    await screenshot(dashboard, 'queue-dashboard');
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** Markup previews render in a sandboxed frame of their own. */
const preview = (page: Page) => page.frameLocator('iframe[title="Asset preview"]');

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

async function signIn(page: Page, person: WebPerson): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
}
