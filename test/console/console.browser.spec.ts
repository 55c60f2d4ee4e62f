import { REASON_LABELS, ReasonCode } from '@ledger/consent-domain';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { Language, WORDS } from '../../apps/console/src/i18n';
import { removeDir } from '../support/ledger-harness';
import { exited, freePort, startBuiltService } from '../support/service-process';

/**
 * The console in a real headless Chromium (Debian's package), against the built ledger filled with
 * demo data and a real OpenID provider (oidc-provider) on loopback: sign in, state a reason, find a
 * showcase person, move T across their late withdrawal, find the late mark, download a receipt,
 * switch language, scan for accessibility, and see that support cannot reach the auditors' pages.
 */
const root = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DAY = 24 * 60 * 60 * 1000;
const ADVERTISING_CELL =
  'table[data-purpose="advertising"] td[data-recipient="advertising-partners"][data-category="mobile-phone"]';
/** Runs in the page (Playwright's own evaluation: the page's CSP forbids eval, and rightly). */
const cellAllowed = (selector: string) =>
  (globalThis as any).document.querySelector(selector)?.getAttribute('data-allowed') === 'true';

describe('the console in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-console-'));
  let ledger: ChildProcess;
  let provider: ChildProcess;
  let browser: Browser;
  let base: string;
  let demo: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`,
      );
    }
    if (!existsSync(join(root, 'dist/console/index.html'))) throw new Error('dist/console is missing: npm run build');
    // Browser, demo history and provider start side by side; the ledger then opens the history.
    const [ledgerPort, providerPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${ledgerPort}`;
    const launched = chromium
      .launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] })
      .catch((error: Error) => {
        throw new Error(`Chromium (${CHROMIUM}) could not be launched: ${error.message}`);
      });
    const written = promisify(execFile)(
      process.execPath,
      ['-r', 'tsconfig-paths/register', join(root, 'dist/apps/ledger/src/demo/demo-data.js'), '--people', '10'],
      {
        cwd: root,
        env: { ...process.env, TS_NODE_BASEURL: join(root, 'dist'), LEDGER_DATA_DIR: dir, NODE_ENV: 'development' },
        encoding: 'utf8',
      },
    );
    provider = spawn(
      process.execPath,
      [join(__dirname, 'oidc-provider.mjs'), String(providerPort), `${base}/console/auth/callback`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const listening = new Promise<void>((resolve, reject) => {
      provider.stdout!.on('data', (chunk) => (String(chunk).includes('listening') ? resolve() : undefined));
      provider.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code})`)));
    });
    const [opened, history] = await Promise.all([launched, written, listening]);
    browser = opened;
    demo = history.stdout;
    ledger = await startBuiltService(dir, ledgerPort, {
      LEDGER_CONSOLE_OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
      LEDGER_CONSOLE_PUBLIC_URL: base,
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const child of [ledger, provider]) {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
    }
    removeDir(dir);
  });

  const showcase = (name: string) =>
    new RegExp(`^ {2}(\\d{12}) {2}${name} \\(subjectId ([0-9a-f]{32})\\)$`, 'm').exec(demo)!;
  const day0 = () => Date.parse(/day 0 is (\d{4}-\d{2}-\d{2})/.exec(demo)![1]);
  const local = (ms: number, length = 16) => new Date(ms).toISOString().slice(0, length);
  /** The console's own words in the page's present language. */
  const words = async (page: Page) =>
    WORDS[(await page.evaluate(() => (globalThis as any).document.documentElement.lang)) as Language];

  async function signInWithProvider(page: Page, login: string): Promise<void> {
    await page.goto(`${base}/console/`);
    await page.click('a[href="/console/auth/sign-in"]');
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'any');
    await page.click('button[type="submit"]');
    // The provider asks to confirm what the console may know.
    await page.click('button[type="submit"]');
    await page.waitForURL(`${base}/console/**`);
    await page.waitForSelector('header .who');
  }

  /** Moderate findings refused all the same: landmarks named alike, and a page (a wait too) with no heading. */
  const MODERATE_REFUSED = ['landmark-unique', 'page-has-heading-one'];

  /** axe-core's serious and critical findings on the page as it stands, and MODERATE_REFUSED. */
  async function seriousViolations(page: Page): Promise<string[]> {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    // Two landmarks of one name (a section and the table scrolling inside it) are one place to a
    // screen reader's list of regions: moderate to axe, a dead end to whoever navigates by them.
    return page.evaluate(async (refused) => {
      const page = globalThis as any;
      const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
      return result.violations
        .filter(
          (v: { id: string; impact: string }) =>
            v.impact === 'serious' || v.impact === 'critical' || refused.includes(v.id),
        )
        .map(
          (v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`,
        );
    }, MODERATE_REFUSED);
  }

  async function giveReason(page: Page): Promise<void> {
    await page.selectOption('#reason-choice', 'borrower-call');
    await page.fill('#reason-ticket', 'SR-2041');
    await page.click('form button[type="submit"]');
  }

  let signedIn: BrowserContext | undefined;

  it('support: signs in at the provider, states a reason, finds the showcase person, and sees T move the answer', async () => {
    const context = await browser.newContext({ timezoneId: 'UTC', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const violations: string[] = [];
    // Errors on the ledger's own pages (the provider's login page is not ours to judge).
    page.on('console', (m) =>
      m.type() === 'error' && m.location().url.startsWith(base)
        ? violations.push(`${m.text()} ${m.location().url}`)
        : undefined,
    );
    page.on('pageerror', (error) => violations.push(`uncaught: ${error.message}`));
    await signInWithProvider(page, 'support-aliya');
    await expect(page.textContent('header .who')).resolves.toContain('(support)');
    // The link past the header is in the page's language too (it is what a screen reader meets first).
    await expect(page.textContent('a.skip')).resolves.toBe((await words(page)).skipToContent);
    // The session is an HttpOnly, SameSite=Strict cookie: nothing a script can read.
    const cookie = (await context.cookies()).find((c) => c.name === 'ledger_session')!;
    expect([cookie.httpOnly, cookie.sameSite]).toEqual([true, 'Strict']);
    expect(await page.evaluate(() => (globalThis as any).document.cookie)).toBe('');

    await giveReason(page);
    // The reason given is shown in the page's words, and the keyboard goes on from the find form that
    // replaced the reason's, not from the top of the document.
    const w = await words(page);
    await expect(page.textContent('p.reason strong')).resolves.toBe(
      `${w.reasons['borrower-call']} — ${w.ticket}: SR-2041`,
    );
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'main', undefined, {
      timeout: 2000,
    });
    expect(await page.title()).toBe(`${w.findHeading} — ${w.title}`);
    const [, iin, subjectId] = showcase('a late paper withdrawal');
    // A mistyped IIN (its check digit wrong) is told in the page's words, not as the schema's code.
    await page.fill('#iin', `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`);
    await page.click('form button[type="submit"]');
    await expect(page.textContent('[role="status"]')).resolves.toBe((await words(page)).invalidIin);
    await page.fill('#iin', iin);
    // The person's consents and matrix, first asked about "now", are one moment: the matrix is asked
    // about the T and T′ the consents were answered for, not about a now of its own.
    const consentsAnswered = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(`${subjectId}/consents`));
    const matrixAsked = page.waitForRequest((r) => new URL(r.url()).pathname.endsWith(`${subjectId}/matrix`));
    await page.click('form button[type="submit"]');
    await page.waitForURL(`**/console/#/person/${subjectId}`);
    const consentsNow = await (await consentsAnswered).json();
    const matrixAt = new URL((await matrixAsked).url()).searchParams;
    expect([matrixAt.get('at'), matrixAt.get('knownAt')]).toEqual([consentsNow.at, consentsNow.knownAt]);
    // The IIN went in a POST body: it is in no address the browser kept.
    expect(page.url()).not.toContain(iin);
    // Nor in the title (kept in the browser's history too): it names the kind of page, not the person.
    expect(await page.title()).toBe(`${w.person} — ${w.title}`);
    // The keyboard and a screen reader go on from the person's page, not from the top of the document.
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'main', undefined, {
      timeout: 2000,
    });

    const cell = page.locator(ADVERTISING_CELL);
    await expect(cell.getAttribute('data-allowed')).resolves.toBe('false');
    // The pickers say which clock they are on (this browser's is UTC): 10:00 is never a guess.
    await expect(page.textContent('label[for="at"]')).resolves.toBe(`${w.at} (UTC+00:00)`);
    await expect(page.textContent('label[for="known-at"]')).resolves.toBe(`${w.knownAt} (UTC+00:00)`);
    // Why not, in the page's language: the catalogue's words for the ledger's reason, not its English message.
    const pageLanguage = (await page.getAttribute('html', 'lang')) as 'kk' | 'ru' | 'en';
    await expect(cell.textContent()).resolves.toContain(REASON_LABELS.withdrawn[pageLanguage]);
    // A moment left empty is asked for by the form, not sent as an invalid date that breaks nothing visibly.
    await page.fill('#at', '');
    await page.click('form.moment button[type="submit"]');
    expect(await page.$eval('#at', (input) => (input as any).validity.valueMissing)).toBe(true);
    // T′ in the future is refused by the ledger: the page says so in its words and keeps the pickers
    // to put it right, rather than trading the whole page for the error.
    // A year the picker takes but no date reads (five digits) is said beside the pickers, not lost.
    await page.fill('#at', '20266-01-01T00:00');
    await page.click('form.moment button[type="submit"]');
    await expect(page.textContent('form.moment ~ [role="alert"]')).resolves.toBe(w.momentInvalid);
    // Before any consent was given the matrix says there is nothing, rather than stay blank.
    await page.fill('#at', local(day0() - 30 * DAY));
    await page.click('form.moment button[type="submit"]');
    await expect(page.textContent('#matrix-heading ~ p.matrix-none')).resolves.toBe(w.matrixNone);
    await page.fill('#at', local(day0() + 7 * DAY));
    await page.fill('#known-at', local(Date.now() + 2 * DAY));
    await page.click('form.moment button[type="submit"]');
    await expect(page.textContent('form.moment ~ [role="alert"]')).resolves.toBe((await words(page)).knownAtInFuture);
    await page.fill('#known-at', local(Date.now()));
    await page.click('form.moment button[type="submit"]');
    await page.waitForFunction(cellAllowed, ADVERTISING_CELL);
    expect(await page.locator('form.moment ~ [role="alert"]').count()).toBe(0);
    // Day 10 as known today (withdrawn) is asked first, and its answer held; day 10 as the ledger knew
    // it on day 9, before the paper form was keyed in (the withdrawal unknown), is asked next. The
    // first answer, landing last, must not replace the second.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const asKnownToday = (url: URL) =>
      url.pathname.endsWith('/matrix') && url.searchParams.get('knownAt') !== url.searchParams.get('at');
    await page.route(asKnownToday, async (route) => {
      await held;
      await route.continue();
    });
    await page.fill('#at', local(day0() + 10 * DAY));
    await page.click('form.moment button[type="submit"]');
    const heldAnswer = page.waitForResponse((r) => asKnownToday(new URL(r.url())));
    const secondAnswer = page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname.endsWith('/matrix') && !asKnownToday(url);
    });
    await page.fill('#known-at', local(day0() + 10 * DAY));
    await page.click('form.moment button[type="submit"]');
    await (await secondAnswer).finished();
    await page.waitForFunction(cellAllowed, ADVERTISING_CELL);
    release();
    await (await heldAnswer).finished();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    await expect(cell.getAttribute('data-allowed')).resolves.toBe('true');
    await page.unroute(asKnownToday);

    // The late withdrawal: drawn when it happened, with a mark to when the ledger learned it.
    const late = page.locator('svg.timeline g.event[data-type="ConsentWithdrawn"][data-late="true"]');
    await expect(late.locator('.late-mark').count()).resolves.toBe(1);
    await late.focus();
    await page.keyboard.press('Enter');
    await expect(page.textContent('.details')).resolves.toMatch(/ConsentWithdrawn[\s\S]*[0-9a-f]{64}/);
    // What happened is said in the page's language, to the eye and to a screen reader, the ledger's
    // code beside it.
    const withdrawn = (await words(page)).events.ConsentWithdrawn;
    await expect(page.textContent('.details h3')).resolves.toContain(`${withdrawn} (ConsentWithdrawn)`);
    await expect(late.getAttribute('aria-label')).resolves.toMatch(new RegExp(`^${withdrawn} `));
    // Its times on the pickers' clock with their offset, as everywhere on the page, not raw UTC instants,
    // and to the millisecond the ledger keeps: typed back into T and T′, they ask about that very instant.
    const details = (await page.textContent('.details'))!;
    expect(details).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC[+-]\d{2}:\d{2}/);
    expect(details).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    const [happened, recorded] = (await page.locator('.details time').allTextContents()).map((text) =>
      text.replace(' ', 'T').replace(/ UTC.*$/, ''),
    );
    const recordedAt = await page.locator('.details time').nth(1).getAttribute('datetime');
    const askAbout = async (at: string, knownAt: string, allowed: boolean) => {
      await page.fill('#at', at);
      await page.fill('#known-at', knownAt);
      await page.click('form.moment button[type="submit"]');
      await page.waitForFunction(
        ([selector, expected]) =>
          (globalThis as any).document.querySelector(selector)?.getAttribute('data-allowed') === expected,
        [ADVERTISING_CELL, String(allowed)] as const,
      );
    };
    // At the instant it happened, as known from the instant it was recorded: withdrawn. A millisecond
    // before it was recorded, the ledger did not know it yet. (To the minute, both asked before it.)
    await askAbout(happened, recorded, false);
    await askAbout(happened, local(Date.parse(recordedAt!) - 1, 23), true);

    const [receipt] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('ul.consents button').first().click(),
    ]);
    const saved = JSON.parse(readFileSync((await receipt.path())!, 'utf8'));
    expect(receipt.suggestedFilename()).toMatch(/^receipt-[0-9a-f-]{36}\.json$/);
    expect(JSON.stringify(saved)).toContain(receipt.suggestedFilename().slice(8, 44));

    // Language: switched, remembered for this member of staff on the server; the timeline's own words too.
    const lanes = () => page.locator('svg.timeline text.lane-name').allTextContents();
    const lanesBefore = await lanes();
    await page.selectOption('header select', 'en');
    await page.waitForSelector('text=What may be processed');
    expect(await lanes()).toEqual(['Consents', 'Withdrawals', 'Policy', 'Loans', 'Disclosures', 'Erasure']);
    expect(lanesBefore).not.toEqual(await lanes());
    const session = await (await page.request.get(`${base}/console/api/session`)).json();
    expect(session.language).toBe('en');
    expect(await page.textContent('table[data-purpose="advertising"] caption')).toMatch(/advertising/i);

    // Accessibility: no serious or critical violation on the person page.
    expect(await seriousViolations(page)).toEqual([]);

    // Another person by address: the first person's answers leave the page before the second's come.
    const [, , refusedId] = showcase('a refused disclosure');
    let releaseConsents = () => {};
    const consentsHeld = new Promise<void>((resolve) => (releaseConsents = resolve));
    const theirConsents = `**/v1/subjects/${refusedId}/consents*`;
    await page.route(theirConsents, async (route) => {
      await consentsHeld;
      await route.continue();
    });
    // Their timeline comes while their consents are held (the matrix waits for the consents' moment).
    const theirTimeline = page.waitForResponse((r) => r.url().includes(`/v1/subjects/${refusedId}/timeline`));
    await page.goto(`${base}/console/#/person/${refusedId}`);
    await (await theirTimeline).finished();
    expect(await page.locator('article h1').count()).toBe(0);
    const theirConsentsAnswer = page.waitForResponse((r) => r.url().includes(`/v1/subjects/${refusedId}/consents`));
    releaseConsents();
    await (await theirConsentsAnswer).finished();
    await page.unroute(theirConsents);
    // Their refused transfer says why in the page's language and the article, not as a bare code.
    const language = await page.getAttribute('html', 'lang');
    const answer = await page.request.get(`${base}/v1/subjects/${refusedId}/report?language=${language}`, {
      headers: { 'x-access-reason': 'console test' },
    });
    const [why] = (await answer.json()).refusals.disclosures[0].reasons;
    expect(why.explanation).toBe(REASON_LABELS[why.code as ReasonCode][language as 'kk' | 'ru' | 'en']);
    await expect(page.textContent('tr.refused-row')).resolves.toContain(`${why.explanation} (${why.citation})`);

    // Their printable report: a language chosen and left before its answer came must not replace the
    // one chosen after it when it lands.
    await page.click(`a[href="#/person/${refusedId}/report"]`);
    const shownIn = await page.getAttribute('article.printable', 'lang');
    const [left, chosen] = ['kk', 'ru', 'en'].filter((l) => l !== shownIn);
    const inLanguage = (language: string) => (url: URL) =>
      url.pathname.endsWith('/report') && url.searchParams.get('language') === language;
    let releaseLeft = () => {};
    const leftHeld = new Promise<void>((resolve) => (releaseLeft = resolve));
    await page.route(inLanguage(left), async (route) => {
      await leftHeld;
      await route.continue();
    });
    const leftAnswer = page.waitForResponse((r) => inLanguage(left)(new URL(r.url())));
    await page.selectOption('article.printable select', left);
    await page.selectOption('article.printable select', chosen);
    await page.waitForSelector(`article.printable[lang="${chosen}"]`);
    releaseLeft();
    await (await leftAnswer).finished();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    await expect(page.getAttribute('article.printable', 'lang')).resolves.toBe(chosen);
    // What Art. 24(1) lets the person know, printed in their language: each consent's term and how it
    // was given, the separate permissions, why a transfer was refused (explained, not the recorded
    // English message), and how long the data is kept.
    const printed = await page.textContent('article.printable');
    const inChosen = WORDS[chosen as Language];
    const theirs = await (
      await page.request.get(`${base}/v1/subjects/${refusedId}/report?language=${chosen}`, {
        headers: { 'x-access-reason': 'console test' },
      })
    ).json();
    expect(printed).toContain(`${inChosen.reportTerm}:`);
    expect(printed).toContain(
      `${inChosen.reportMethod}: ${inChosen.reportMethods[theirs.consents[0].collectionMethod]}`,
    );
    expect(printed).toContain(
      `${inChosen.reportPublication}: ${theirs.consents[0].publicationAllowed ? inChosen.yes : inChosen.no}`,
    );
    expect(printed).toContain(theirs.refusals.disclosures[0].reasons[0].explanation);
    expect(printed).not.toContain(theirs.refusals.disclosures[0].reasons[0].message);
    expect(printed).toContain(inChosen.storageHeading);
    expect(printed).toContain(inChosen.storageAfterEnd(theirs.storage.yearsAfterRelationshipEnds));
    await page.unrouteAll();
    // Another person's printable report by address: the first person's is gone before the second's comes.
    let releaseReport = () => {};
    const reportHeld = new Promise<void>((resolve) => (releaseReport = resolve));
    const firstPersonsReport = `**/v1/subjects/${subjectId}/report*`;
    await page.route(firstPersonsReport, async (route) => {
      await reportHeld;
      await route.continue();
    });
    const reportAsked = page.waitForRequest((r) => r.url().includes(`/v1/subjects/${subjectId}/report`));
    await page.goto(`${base}/console/#/person/${subjectId}/report`);
    await reportAsked;
    expect(await page.locator('article.printable').count()).toBe(0);
    const reportAnswer = page.waitForResponse((r) => r.url().includes(`/v1/subjects/${subjectId}/report`));
    releaseReport();
    await (await reportAnswer).finished();
    await page.unroute(firstPersonsReport);

    // A look that fails says in the page's words what to do, and may be tried again: a subject id the
    // ledger does not know, the ledger out of reach, the ledger answering 503.
    const said = await words(page);
    const alertSays = (text: string) => {
      if (!text) throw new Error('the console has no words for this');
      return page.waitForFunction(
        (expected) => (globalThis as any).document.querySelector('main [role="alert"]')?.textContent === expected,
        text,
      );
    };
    await page.goto(`${base}/console/#/person/${'0'.repeat(32)}`);
    await alertSays(said.notFound);
    const theirTimelineOf = `**/v1/subjects/${subjectId}/timeline*`;
    const theirConsentsOf = `**/v1/subjects/${subjectId}/consents*`;
    await page.route(theirTimelineOf, (route) => route.abort('internetdisconnected'));
    await page.route(theirConsentsOf, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        headers: { 'retry-after': '5' },
        body: JSON.stringify({
          status: 503,
          code: 'store-unavailable',
          title: 'Service Unavailable',
          detail: 'try later',
        }),
      }),
    );
    // The person's report, which lists their disclosures, failing (all along): its section says so when
    // the rest comes, rather than vanish.
    const theirReportOf = `**/v1/subjects/${subjectId}/report*`;
    await page.route(theirReportOf, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 503, code: 'store-unavailable', title: 'Service Unavailable' }),
      }),
    );
    await page.goto(`${base}/console/#/person/${subjectId}`);
    await alertSays(said.unreachable);
    await page.unroute(theirTimelineOf);
    await page.click(`main button:text-is("${said.tryAgain}")`);
    await alertSays(`${said.unavailable} (503 store-unavailable)`);
    await page.unroute(theirConsentsOf);
    await page.click(`main button:text-is("${said.tryAgain}")`);
    await page.waitForSelector(ADVERTISING_CELL);
    await expect(page.textContent('section[aria-labelledby="disclosures-heading"] [role="alert"]')).resolves.toBe(
      `${said.unavailable} (503 store-unavailable)`,
    );
    await page.unroute(theirReportOf);

    // The printable receipt: its words marked in the consent's language, its field names and English
    // notes in English (WCAG 3.1.2), for a screen reader to read each in its own language.
    await page.goto(`${base}/console/#/person/${subjectId}/receipt/${saved.iso27560.header.recordId}`);
    await page.waitForSelector('article.printable div.receipt dl');
    expect(await page.getAttribute('article.printable div.receipt', 'lang')).toBe(saved.language);
    const namesIn = await page.evaluate(() =>
      [...(globalThis as any).document.querySelectorAll('div.receipt dt')].map((e: any) => e.lang),
    );
    expect(new Set(namesIn)).toEqual(new Set(['en']));
    const englishNote = page.locator('div.receipt dt:text-is("citation") + dd').first();
    expect(await englishNote.getAttribute('lang')).toBe('en');
    const purpose = page.locator('div.receipt dt:text-is("purpose") + dd').first();
    expect(await purpose.evaluate((e: any) => e.closest('[lang]').lang)).toBe(saved.language);
    expect(await seriousViolations(page)).toEqual([]);

    // Auditors' pages: not in the menu, refused by the page and by the API.
    expect(await page.locator('a[href="#/reports"]').count()).toBe(0);
    await page.goto(`${base}/console/#/reports`);
    await page.waitForSelector('[role="alert"]');
    const api = await page.request.get(`${base}/v1/reports/refused-disclosures`);
    expect([api.status(), (await api.json()).code]).toEqual([403, 'forbidden']);
    // No script or style was refused by the page's CSP, and nothing failed but the 400s provoked above
    // (the mistyped IIN, the T′ in the future) and the failures made above.
    const provoked = [
      /status of 400 .*\/v1\/subjects\/(resolve|[0-9a-f]{32}\/(consents|matrix)\?)/,
      /status of 404 .*\/v1\/subjects\/0{32}\//,
      /status of 503 .*\/v1\/subjects\/[0-9a-f]{32}\/(consents|report)/,
      /ERR_INTERNET_DISCONNECTED .*\/v1\/subjects\/[0-9a-f]{32}\/timeline/,
    ];
    expect(violations.filter((v) => !provoked.some((p) => p.test(v)))).toEqual([]);
    // Kept signed in for the CSRF test below (a sign-in at the provider costs seconds).
    signedIn = context;
  });

  it('auditor: reads the compliance reports and the checkpoints as tables', async () => {
    // Almaty keeps +05:00 all year (no summer time): the page's times read like its T pickers.
    const context = await browser.newContext({ timezoneId: 'Asia/Almaty' });
    const page = await context.newPage();
    await signInWithProvider(page, 'auditor-bolat');
    await page.click('a[href="#/reports"]');
    // A tab left before its answer came: the answer, held until the next tab's table is shown, must
    // not replace that table when it lands.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/v1/reports/notice-deadlines*', async (route) => {
      await held;
      await route.continue();
    });
    const tabs = page.locator('button[role="tab"]');
    await tabs.nth(1).click();
    await tabs.nth(3).click();
    const chosen = (await tabs.nth(3).textContent()) ?? '';
    await page.waitForSelector(`table.report caption:text-is("${chosen}")`);
    expect(await page.locator('table.report tbody tr').count()).toBeGreaterThan(0);
    const shown = await page.locator('section').innerText();
    const late = page.waitForResponse((r) => r.url().includes('/v1/reports/notice-deadlines'));
    release();
    await (await late).finished();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(await page.locator('section').innerText()).toBe(shown);
    // A deadline report shows each row's deadline, its status and the working days left (Art. 8(7)).
    // Every caption the table shows from here on, with its headers: a tab's name must never stand over
    // the rows of the tab left, not even until the new answer is asked for.
    await page.evaluate(() => {
      const page = globalThis as any;
      const seen: string[] = (page.captionsShown = []);
      new page.MutationObserver(() => {
        const table = page.document.querySelector('table.report');
        if (table) seen.push(`${table.caption.textContent}|${table.tHead.innerText}`);
      }).observe(page.document.querySelector('section'), { childList: true, subtree: true, characterData: true });
    });
    const deadlines = page.waitForResponse((r) => r.url().includes('/v1/reports/withdrawal-deadlines'));
    await tabs.nth(0).click();
    await (await deadlines).finished();
    await page.waitForSelector(`table.report caption:text-is("${await tabs.nth(0).textContent()}")`);
    const headers = await page.locator('table.report thead th').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['deadline', 'status', 'workingDaysLeft']));
    // The deadline on the browser's clock with its offset, as a person's times are: the end of a day in
    // Almaty, not an instant in UTC to be worked out (18:59:59.999Z).
    const deadline = await page
      .locator('table.report tbody tr')
      .first()
      .locator('td')
      .nth(headers.indexOf('deadline'))
      .textContent();
    expect(deadline).toMatch(/^\d{4}-\d{2}-\d{2} 23:59:59\.999 UTC\+05:00$/);
    const deadlinesName = (await tabs.nth(0).textContent()) ?? '';
    const shownUnder = await page.evaluate(() => (globalThis as any).captionsShown as string[]);
    expect(shownUnder.filter((c) => c.startsWith(`${deadlinesName}|`) && c.includes('disclosureId'))).toEqual([]);
    // A report longer than a page goes on to its next page (the page made small here to have two).
    const smallPages = (url: URL) => url.pathname === '/v1/reports/refused-withdrawals';
    await page.route(smallPages, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '1');
      return route.continue({ url: url.toString() });
    });
    await tabs.nth(4).click();
    await page.waitForSelector(`table.report caption:text-is("${await tabs.nth(4).textContent()}")`);
    const firstPage = await page.locator('table.report tbody').innerText();
    await page.click('button.next-page', { timeout: 3000 });
    await page.waitForFunction(
      (before) => {
        const body = (globalThis as any).document.querySelector('table.report tbody');
        return body && body.innerText !== before;
      },
      firstPage,
      { timeout: 3000 },
    );
    await page.unroute(smallPages);
    // On a phone's width, a report or matrix wider than the window scrolls sideways by keyboard too.
    await page.setViewportSize({ width: 420, height: 720 });
    expect(await seriousViolations(page)).toEqual([]);
    // A person's times are shown on the same wall clock as the T pickers, saying which.
    const [, , lateId] = showcase('a late paper withdrawal');
    // A history longer than a page of the timeline is read to its end (the pages made small here):
    // its newest facts are drawn too.
    const smallTimeline = (url: URL) => url.pathname === `/v1/subjects/${lateId}/timeline`;
    await page.route(smallTimeline, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '2');
      return route.continue({ url: url.toString() });
    });
    await page.goto(`${base}/console/#/person/${lateId}`);
    await giveReason(page);
    await page.waitForSelector('ul.consents li');
    await expect(page.textContent('label[for="at"]')).resolves.toContain('(UTC+05:00)');
    const history = await page.request.get(`${base}/v1/subjects/${lateId}/timeline?limit=1000`, {
      headers: { 'x-access-reason': 'console test' },
    });
    const facts = (await history.json()).events.length;
    expect(facts).toBeGreaterThan(2);
    await page.waitForFunction(
      (count) => (globalThis as any).document.querySelectorAll('svg.timeline g.event').length === count,
      facts,
      { timeout: 3000 },
    );
    await page.unroute(smallTimeline);
    const theirs = await page.request.get(`${base}/v1/subjects/${lateId}/consents`, {
      headers: { 'x-access-reason': 'console test' },
    });
    const [first] = (await theirs.json()).consents;
    const givenAt = Date.parse(first.givenAt);
    const almaty = `${new Date(givenAt + 5 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC+05:00`;
    await expect(page.textContent('ul.consents li')).resolves.toContain(almaty);
    // How it was given, in the page's words (not the ledger's code, web-checkbox).
    await expect(page.textContent('ul.consents li')).resolves.toContain(
      `(${(await words(page)).reportMethods[first.collectionMethod]})`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 720 });
    const checkpoints = page.waitForResponse((r) => r.url().includes('/v1/integrity/checkpoints'));
    await page.click('a[href="#/checkpoints"]');
    await page.waitForSelector('h1#checkpoints-heading');
    expect(await page.locator('h1#checkpoints-heading').isVisible()).toBe(true);
    await (await checkpoints).finished();
    // The session ends mid-work (here: its cookie gone): the page says so and offers sign-in again.
    await context.clearCookies();
    await page.click('a[href="#/reports"]');
    await page.waitForSelector('a[href="/console/auth/sign-in"]', { timeout: 3000 });
    await expect(page.textContent('main [role="alert"]')).resolves.toBe((await words(page)).sessionEnded);
    await context.close();
  });

  it('refuses a console request that changes something without the CSRF token', async () => {
    // The support user's session from the first test: signed in, only the token is missing.
    const context = signedIn ?? (await browser.newContext());
    const page = await context.newPage();
    // The page's clock, to let its session run out below without waiting an hour.
    await page.clock.install();
    if (!signedIn) await signInWithProvider(page, 'support-dana');
    // While the page waits for its session it is a page all the same: headed, and the wait announced.
    let answerSession = () => {};
    let sessionAnswered = Promise.resolve();
    await page.route('**/console/api/session', (route) => {
      sessionAnswered = new Promise<void>((resolve) => (answerSession = resolve)).then(() => route.continue());
      return sessionAnswered;
    });
    await page.goto(`${base}/console/`);
    await page.waitForSelector('main p');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.locator('main [role="status"]').count()).toBe(1);
    answerSession();
    await sessionAnswered;
    await page.unroute('**/console/api/session');
    const [, iin] = showcase('a refused disclosure');
    const refused = await page.request.post(`${base}/v1/subjects/resolve`, {
      data: { iin },
      headers: { 'x-access-reason': 'csrf check' },
    });
    expect([refused.status(), (await refused.json()).code]).toEqual([403, 'csrf-token-invalid']);
    // Signed in again elsewhere (another tab): this page's token is the old session's. The page says
    // so and asks for the reason again under the new session, rather than a code it cannot act on.
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/console/`);
    await giveReason(page);
    await page.waitForSelector('#iin');
    const again = await page.request.post(`${base}/console/auth/local`, { data: { role: 'support' } });
    expect(again.status()).toBe(204);
    await page.fill('#iin', iin);
    await page.click('form button[type="submit"]');
    await expect(page.textContent('main [role="alert"]')).resolves.toBe((await words(page)).sessionChanged);
    await giveReason(page);
    await page.fill('#iin', iin);
    await page.click('form button[type="submit"]');
    await page.waitForSelector('article h1');
    // A session that runs out while the person's page is left open takes them off the screen then,
    // not at the next click (here the ledger, asked at the session's end, no longer knows it).
    await page.route('**/console/api/session', (route) =>
      route.fulfill({ json: { signedIn: false, oidc: true, localSignIn: true } }),
    );
    await page.clock.fastForward(61 * 60 * 1000);
    await page.waitForSelector('a[href="/console/auth/sign-in"]');
    expect(await page.locator('article').count()).toBe(0);
    await expect(page.textContent('main [role="alert"]')).resolves.toBe((await words(page)).sessionEnded);
    await context.close();
  });
});
