import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, Catalogue, get, post, Resolved, Session, setCsrfToken, whenSessionEnds } from './api';
import { explain } from './problems';
import { Language, LANGUAGE_NAMES, LANGUAGES, WORDS, Words } from './i18n';
import { PersonPage } from './person';
import { ReceiptPage, ReportPage } from './printables';
import { CheckpointsPage, ReportsPage } from './audit';

export interface Context {
  readonly t: Words;
  readonly lang: Language;
  readonly catalogue: Catalogue;
  readonly reason: string | undefined;
  readonly roles: readonly string[];
}

/** A catalogue code's label in the page's language (the code itself when the catalogue lacks it). */
export function label(
  ctx: Context,
  kind: 'purposes' | 'dataCategories' | 'recipients' | 'legalBases' | 'reasons',
  code: string,
) {
  const found = (ctx.catalogue[kind] as { code: string; labels: Record<Language, string> }[]).find(
    (e) => e.code === code,
  );
  return found?.labels[ctx.lang] ?? code;
}

export const isAuditor = (roles: readonly string[]) => roles.includes('auditor') || roles.includes('regulator');

const ROLES = ['support', 'auditor', 'regulator', 'compliance-admin', 'lending-core', 'operator'];
const REASONS = ['borrower-call', 'complaint', 'subject-request', 'internal-audit', 'regulator-request'];

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export function App() {
  const [session, setSession] = useState<Session | undefined>();
  const [catalogue, setCatalogue] = useState<Catalogue | undefined>();
  const [lang, setLang] = useState<Language>(initialLanguage());
  const [reason, setReason] = useState<string | undefined>();
  // The reason as the page shows it: the choice in the page's words, and the ticket.
  const [reasonShown, setReasonShown] = useState<{ choice: string; ticket: string } | undefined>();
  // Explained when shown, so in the language chosen by then.
  const [failure, setFailure] = useState<{ error: unknown } | undefined>();
  const [ended, setEnded] = useState(false);
  const [changed, setChanged] = useState(false);
  const hash = useHash();
  const t = WORDS[lang];

  const load = async () => {
    setFailure(undefined);
    try {
      const s = await get<Session>('/console/api/session');
      setSession(s);
      setCsrfToken(s.csrfToken ?? '');
      if (s.language) setLang(s.language);
      if (s.signedIn) setEnded(false);
      if (s.signedIn) setCatalogue(await get<Catalogue>('/v1/catalogue'));
    } catch (error) {
      setFailure({ error });
    }
  };
  const forgetReason = () => {
    setReason(undefined);
    setReasonShown(undefined);
  };
  useEffect(() => {
    void load();
    // A session that ends mid-work (expired, or signed out in another tab) leads back to sign-in,
    // saying why, instead of leaving a page of errors that still names who was signed in.
    // Signed in again elsewhere: the browser's session is another one (maybe another member of
    // staff), so the reason stated under the old one is asked again, and the page's token renewed.
    whenSessionEnds((why) => {
      setEnded(why === 'ended');
      setChanged(why === 'changed');
      forgetReason();
      void load();
    });
  }, []);
  // A session that expires while its page is left open takes the person off the screen then, not
  // at the next click: asked again at its end, and ended even if the ledger cannot be asked.
  useEffect(() => {
    if (!session?.signedIn || !session.expiresAt) return undefined;
    const timer = setTimeout(
      async () => {
        const now = await get<Session>('/console/api/session').catch(() => undefined);
        // Still signed in (the ledger's clock behind the browser's): asked again at its end.
        if (now?.signedIn) return setSession(now);
        setEnded(true);
        forgetReason();
        setSession({
          signedIn: false,
          oidc: now?.oidc ?? session.oidc,
          localSignIn: now?.localSignIn ?? session.localSignIn,
        });
      },
      Math.max(Date.parse(session.expiresAt) - Date.now(), 0) + 1000,
    );
    return () => clearTimeout(timer);
  }, [session]);

  const roles = session?.roles ?? [];
  const [, page, id, sub, subId] = hash.replace(/^#/, '').split('/');
  const needsReason = page === 'person' || page === '' || page === undefined;
  // Which view the page shows: its title, and where the keyboard goes on after it changes.
  const view: { key: string; title?: string } =
    !session || (session.signedIn && !catalogue)
      ? { key: 'loading' }
      : !session.signedIn
        ? { key: 'signed-out', title: t.signIn }
        : page === 'reports' || page === 'checkpoints'
          ? { key: hash, title: page === 'reports' ? t.reportsHeading : t.checkpointsHeading }
          : !reason
            ? { key: 'reason', title: t.reasonHeading }
            : page === 'person' && id
              ? { key: hash, title: sub === 'receipt' ? t.receiptHeading : sub === 'report' ? t.reportLink : t.person }
              : { key: hash, title: t.findHeading };
  // After the view changes (signed in, a reason given, a person found, a page of the menu), the
  // keyboard and a screen reader go on from the new content, not from the top of the document or a
  // button that is gone. The first view of a page load is left to start from the top.
  const lastView = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (view.key === 'loading') return;
    const was = lastView.current;
    lastView.current = view.key;
    if (was !== undefined && was !== view.key) document.getElementById('main')?.focus();
  }, [view.key]);
  // Each view has its own title (read first by a screen reader, and kept in the browser's history),
  // naming the kind of page, never the person: a title is no place for personal data.
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = view.title ? `${view.title} — ${t.title}` : `${t.title} — ${t.subtitle}`;
  }, [lang, view.title]);

  const chooseLanguage = async (next: Language) => {
    setLang(next);
    localStorage.setItem('console-language', next);
    // Kept on the page even if the ledger cannot keep it; a session gone is handled where calls fail.
    if (session?.signedIn) await post('/console/api/language', { body: { language: next } }).catch(() => undefined);
  };
  const signOut = async () => {
    await post('/console/auth/sign-out').catch(() => undefined);
    forgetReason();
    location.hash = '';
    await load();
  };

  if (failure)
    return (
      <main id="main" class="page" tabIndex={-1}>
        <h1>{t.title}</h1>
        <p role="alert">{explain(t, failure.error).text}</p>
        <button type="button" onClick={() => void load()}>
          {t.tryAgain}
        </button>
      </main>
    );
  if (!session)
    return (
      <main id="main" class="page">
        <h1>{t.title}</h1>
        <p role="status">{t.loading}</p>
      </main>
    );

  const languagePicker = (
    <label class="language">
      {t.language}{' '}
      <select value={lang} onChange={(e) => void chooseLanguage((e.target as HTMLSelectElement).value as Language)}>
        {LANGUAGES.map((l) => (
          <option value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );

  if (!session.signedIn) {
    return (
      <>
        <header class="bar">
          <span class="brand">{t.title}</span>
          {languagePicker}
        </header>
        <main id="main" class="page narrow" tabIndex={-1}>
          <h1>{t.signIn}</h1>
          {ended && <p role="alert">{t.sessionEnded}</p>}
          <p>{t.subtitle}</p>
          {session.oidc && (
            <p>
              <a class="button" href="/console/auth/sign-in">
                {t.signInProvider}
              </a>
            </p>
          )}
          {session.localSignIn && <LocalSignIn t={t} onDone={load} />}
        </main>
      </>
    );
  }
  if (!catalogue)
    return (
      <main id="main" class="page">
        <h1>{t.title}</h1>
        <p role="status">{t.loading}</p>
      </main>
    );

  const ctx: Context = { t, lang, catalogue, reason, roles };
  let content;
  if (page === 'reports') content = isAuditor(roles) ? <ReportsPage ctx={ctx} /> : <Refused t={t} />;
  else if (page === 'checkpoints') content = isAuditor(roles) ? <CheckpointsPage ctx={ctx} /> : <Refused t={t} />;
  else if (!reason)
    content = (
      <ReasonForm
        t={t}
        notice={changed ? t.sessionChanged : undefined}
        onReason={(choice, ticket) => {
          // The access log keeps the reason's code and the ticket, whatever the page's language.
          setReason(`${choice}; ticket ${ticket}`);
          setReasonShown({ choice, ticket });
          setChanged(false);
        }}
      />
    );
  // Keyed by the person: another person's answers never stay on the page while this one's are asked,
  // nor does the language chosen for another person's report.
  else if (page === 'person' && id && sub === 'report') content = <ReportPage key={id} ctx={ctx} subjectId={id} />;
  else if (page === 'person' && id && sub === 'receipt' && subId)
    content = <ReceiptPage ctx={ctx} subjectId={id} consentId={subId} />;
  else if (page === 'person' && id) content = <PersonPage key={id} ctx={ctx} subjectId={id} />;
  else content = <FindPerson ctx={ctx} />;

  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t.skipToContent}
      </a>
      <header class="bar">
        <span class="brand">{t.title}</span>
        <nav aria-label={t.title}>
          <a href="#/">{t.navFind}</a>
          {isAuditor(roles) && <a href="#/reports">{t.navReports}</a>}
          {isAuditor(roles) && <a href="#/checkpoints">{t.navCheckpoints}</a>}
        </nav>
        <span class="who">
          {t.signedInAs} <strong>{session.sub}</strong> ({roles.join(', ')})
        </span>
        {languagePicker}
        <button type="button" onClick={() => void signOut()}>
          {t.signOut}
        </button>
      </header>
      <main id="main" class="page" tabIndex={-1}>
        {needsReason && reason && (
          <p class="reason">
            {t.reasonCurrent}:{' '}
            <strong>
              {reasonShown
                ? `${t.reasons[reasonShown.choice] ?? reasonShown.choice} — ${t.ticket}: ${reasonShown.ticket}`
                : reason}
            </strong>{' '}
            <button type="button" class="link" onClick={forgetReason}>
              {t.reasonChange}
            </button>
          </p>
        )}
        {content}
      </main>
    </>
  );
}

function initialLanguage(): Language {
  const saved = localStorage.getItem('console-language');
  return saved === 'kk' || saved === 'ru' || saved === 'en' ? saved : 'ru';
}

function Refused({ t }: { t: Words }) {
  return <p role="alert">{t.notAllowedPage}</p>;
}

function LocalSignIn({ t, onDone }: { t: Words; onDone: () => Promise<void> }) {
  const [role, setRole] = useState('support');
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await post('/console/auth/local', { body: { role } });
          await onDone();
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <h2>{t.signInLocal}</h2>
      <p class="note">{t.signInLocalNote}</p>
      <label for="local-role">{t.role}</label>
      <select id="local-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
        {ROLES.map((r) => (
          <option value={r}>{r}</option>
        ))}
      </select>
      <button type="submit">{t.signIn}</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function ReasonForm({
  t,
  notice,
  onReason,
}: {
  t: Words;
  notice?: string;
  onReason: (choice: string, ticket: string) => void;
}) {
  const [choice, setChoice] = useState(REASONS[0]);
  const [ticket, setTicket] = useState('');
  return (
    <form
      class="card narrow"
      onSubmit={(e) => {
        e.preventDefault();
        if (ticket.trim()) onReason(choice, ticket.trim());
      }}
    >
      <h1>{t.reasonHeading}</h1>
      {notice && <p role="alert">{notice}</p>}
      <p class="note">{t.reasonNote}</p>
      <label for="reason-choice">{t.reasonChoice}</label>
      <select id="reason-choice" value={choice} onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}>
        {REASONS.map((r) => (
          <option value={r}>{t.reasons[r]}</option>
        ))}
      </select>
      <label for="reason-ticket">{t.ticket}</label>
      <input
        id="reason-ticket"
        required
        maxLength={100}
        autoComplete="off"
        value={ticket}
        onInput={(e) => setTicket((e.target as HTMLInputElement).value)}
      />
      <button type="submit">{t.reasonSave}</button>
    </form>
  );
}

function FindPerson({ ctx }: { ctx: Context }) {
  const { t } = ctx;
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<string | undefined>();
  return (
    <form
      class="card narrow"
      autoComplete="off"
      onSubmit={async (e) => {
        e.preventDefault();
        setMessage(undefined);
        const typed = value.replace(/\s/g, '');
        // A pseudonym is not personal data and may go in the page's address; an IIN never does.
        if (/^[0-9a-f]{32}$/.test(typed)) {
          location.hash = `#/person/${typed}`;
          return;
        }
        try {
          const found = await post<Resolved>('/v1/subjects/resolve', {
            body: { iin: typed },
            reason: ctx.reason,
          });
          setValue('');
          if (found?.known && found.subjectId) location.hash = `#/person/${found.subjectId}`;
          else setMessage(t.notFound);
        } catch (err) {
          // The ledger checks the check digit; the page says so in the person's words, not the schema's.
          if (err instanceof ApiError && err.status === 400 && err.fields.includes('iin')) setMessage(t.invalidIin);
          else setMessage(explain(t, err).text);
        }
      }}
    >
      <h1>{t.findHeading}</h1>
      <label for="iin">{t.iin}</label>
      <input
        id="iin"
        name="iin"
        inputMode="numeric"
        autoComplete="off"
        maxLength={40}
        required
        value={value}
        onInput={(e) => setValue((e.target as HTMLInputElement).value)}
      />
      <button type="submit">{t.find}</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
