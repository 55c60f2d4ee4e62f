import { useEffect, useState } from 'preact/hooks';
import { get, SubjectReport } from './api';
import { Context } from './app';
import { explain } from './problems';
import { Language, LANGUAGE_NAMES, LANGUAGES, WORDS } from './i18n';
import { shortTime } from './person';
import { ColumnTable, ListOrNone } from './tables';

type Labelled = SubjectReport['consents'][number]['purposes'][number];

const names = (items: Labelled[]) => items.map((i) => i.label).join(', ');

/** The person's own report, in their language (or another they ask for), for printing. */
export function ReportPage({ ctx, subjectId }: { ctx: Context; subjectId: string }) {
  const [language, setLanguage] = useState<Language | undefined>();
  const [report, setReport] = useState<SubjectReport | undefined>();
  const [error, setError] = useState<{ error: unknown } | undefined>();
  useEffect(() => {
    // A language left before its answer came must not replace the one chosen since.
    let asking = true;
    get<SubjectReport>(`/v1/subjects/${subjectId}/report${language ? `?language=${language}` : ''}`, {
      reason: ctx.reason,
    }).then(
      (r) => asking && setReport(r),
      (e: unknown) => asking && setError({ error: e }),
    );
    return () => {
      asking = false;
    };
  }, [subjectId, language]);
  if (error) return <p role="alert">{explain(ctx.t, error.error).text}</p>;
  if (!report) return <p>{ctx.t.loading}</p>;
  const w = WORDS[report.language];
  return (
    <article class="printable" lang={report.language}>
      <div class="no-print toolbar">
        <a href={`#/person/${subjectId}`}>{ctx.t.back}</a>
        <label>
          {ctx.t.language}{' '}
          <select
            value={report.language}
            onChange={(e) => setLanguage((e.target as HTMLSelectElement).value as Language)}
          >
            {LANGUAGES.map((l) => (
              <option value={l}>{LANGUAGE_NAMES[l]}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => print()}>
          {ctx.t.print}
        </button>
      </div>
      <h1>{w.reportHeading}</h1>
      <p class="note">{w.reportLaw}</p>
      <p>
        {w.operator}: {report.operator.name}
        {report.operator.phone ? `, ${report.operator.phone}` : ''}. {w.issuedAt}: {shortTime(report.issuedAt)}
      </p>
      <p>
        {w.person}: {report.subject.identifiers?.fullName ?? ''} {report.subject.identifiers?.iin ?? ''}
      </p>
      <h2>{w.consentsHeading}</h2>
      {report.consents.length === 0 && <p>{w.none}</p>}
      {report.consents.map((c) => (
        <section class="card">
          <h3>
            {w.givenAt} {shortTime(c.givenAt)} — {w.statuses[c.status] ?? c.status}
          </h3>
          <p>
            {w.purpose}: {names(c.purposes)}
          </p>
          <p>
            {w.data}: {names(c.dataCategories)}
          </p>
          <p>
            {w.recipient}: {names(c.recipients)}
          </p>
          {/* Art. 24(1): the processing period and how the data was collected; Art. 7(6), 19: the separate permissions. */}
          <p>
            {w.reportTerm}:{' '}
            {c.term.kind === 'until' && c.term.until
              ? w.reportTermUntil(shortTime(c.term.until))
              : w.reportTermUntilPurposes}
            . {w.reportMethod}: {w.reportMethods[c.collectionMethod] ?? c.collectionMethod}.
          </p>
          <p>
            {w.reportCrossBorder}: {c.crossBorderTransferAllowed ? w.yes : w.no}. {w.reportPublication}:{' '}
            {c.publicationAllowed ? w.yes : w.no}. {w.reportNotice}: {c.notifyOnDisclosure ? w.yes : w.no}.
          </p>
          <h4>{w.covers}</h4>
          <ListOrNone
            items={c.covers}
            none={w.none}
            item={(p) => (
              <>
                {p.purpose.label}: {w.lender} — {names(p.byTheLender)}
                {p.toRecipients.map((r) => `; ${r.recipient.label} — ${names(r.dataCategories)}`).join('')}
              </>
            )}
          />
        </section>
      ))}
      <h2>{w.acceptances}</h2>
      <ListOrNone
        items={report.policyAcceptances}
        none={w.none}
        item={(a) => (
          <>
            {a.policyId} {a.version} — {shortTime(a.acceptedAt)}
          </>
        )}
      />
      <h2>{w.disclosuresHeading}</h2>
      {report.disclosures.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <ColumnTable columns={[w.when, w.recipient, w.data, w.basis]}>
          {report.disclosures.map((d) => (
            <tr>
              <td>{shortTime(d.occurredAt)}</td>
              <td>{d.recipient.label}</td>
              <td>{names(d.dataCategories)}</td>
              <td>
                {d.basis?.kind === 'legal-basis' ? `${w.basisLegal}: ${d.basis.legalBasis?.label}` : w.basisConsent}
              </td>
            </tr>
          ))}
        </ColumnTable>
      )}
      <h2>{w.refusalsHeading}</h2>
      <h3>{w.refusedDisclosures}</h3>
      <ListOrNone
        items={report.refusals.disclosures}
        none={w.none}
        item={(d) => (
          <>
            {shortTime(d.occurredAt)} — {d.recipient.label}, {d.purpose.label}:{' '}
            {(d.reasons ?? []).map((r) => r.explanation ?? r.message).join('; ')}
          </>
        )}
      />
      <h3>{w.refusedWithdrawals}</h3>
      <ListOrNone
        items={report.refusals.withdrawals}
        none={w.none}
        item={(r) => (
          <>
            {shortTime(r.occurredAt)} — {r.reason.explanation ?? r.reason.message}
            {r.openLoans.length > 0 ? ` (${r.openLoans.join(', ')})` : ''}
          </>
        )}
      />
      {/* Art. 24(1): the storage period. Absent once the person is erased. */}
      {report.storage && (
        <>
          <h2>{w.storageHeading}</h2>
          <ul class="storage">
            <li>{w.storageAfterEnd(report.storage.yearsAfterRelationshipEnds)}</li>
            {report.storage.yearsAfterLastCreditBureauDisclosure !== undefined && (
              <li>{w.storageAfterBureau(report.storage.yearsAfterLastCreditBureauDisclosure)}</li>
            )}
            {report.storage.keptUntil && <li>{w.storageUntil(shortTime(report.storage.keptUntil))}</li>}
          </ul>
        </>
      )}
    </article>
  );
}

/** A consent's receipt as a printable page: every field the API gives, laid out as nested lists. */
export function ReceiptPage({ ctx, subjectId, consentId }: { ctx: Context; subjectId: string; consentId: string }) {
  const [receipt, setReceipt] = useState<unknown>();
  const [error, setError] = useState<{ error: unknown } | undefined>();
  useEffect(() => {
    get(`/v1/subjects/${subjectId}/consents/${consentId}/receipt`, { reason: ctx.reason }).then(
      setReceipt,
      (e: unknown) => setError({ error: e }),
    );
  }, [subjectId, consentId]);
  if (error) return <p role="alert">{explain(ctx.t, error.error).text}</p>;
  if (receipt === undefined) return <p>{ctx.t.loading}</p>;
  return (
    <article class="printable">
      <div class="no-print toolbar">
        <a href={`#/person/${subjectId}`}>{ctx.t.back}</a>
        <button type="button" onClick={() => print()}>
          {ctx.t.print}
        </button>
      </div>
      <h1>{ctx.t.receiptHeading}</h1>
      {/* Its words are in the consent's language, its field names and the `en` beside them in English:
          each part says which, for screen readers and hyphenation (WCAG 3.1.2). */}
      <div class="receipt" lang={receiptLanguage(receipt)}>
        <DataView value={receipt} />
      </div>
    </article>
  );
}

/** The receipt's `language` (kk or ru), or English when it names none the console knows. */
function receiptLanguage(receipt: unknown): string {
  const language = (receipt as { language?: unknown } | null)?.language;
  return typeof language === 'string' && (LANGUAGES as readonly string[]).includes(language) ? language : 'en';
}

/** Members whose text the receipt gives in English whatever its language. */
const ENGLISH_MEMBERS = new Set(['en', 'text', 'note', 'how', 'citation', 'afterwards']);

export function DataView({ value, english = false }: { value: unknown; english?: boolean }) {
  if (value === null || typeof value !== 'object') return <span>{String(value)}</span>;
  if (Array.isArray(value)) {
    return (
      <ol>
        {value.map((v) => (
          <li>
            <DataView value={v} english={english} />
          </li>
        ))}
      </ol>
    );
  }
  return (
    <dl class="data">
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => {
        const inEnglish = !english && ENGLISH_MEMBERS.has(k);
        return (
          <>
            <dt lang="en">{k}</dt>
            <dd {...(inEnglish ? { lang: 'en' } : {})}>
              <DataView value={v} english={english || inEnglish} />
            </dd>
          </>
        );
      })}
    </dl>
  );
}
