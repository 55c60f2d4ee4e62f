import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  ApiError,
  ConsentState,
  ConsentView,
  Matrix as MatrixAnswer,
  MatrixCell,
  download,
  get,
  SubjectReport as Report,
  Timeline,
  TimelineEvent,
} from './api';
import { Context, label } from './app';
import { explain } from './problems';
import { ColumnTable, Scroll } from './tables';
import { localValue, pad, tickLabels } from './local-time';

/**
 * The instant a datetime-local value names on the browser's clock, or undefined for one no Date
 * reads (a year of more than four digits, which the picker lets one type).
 */
export function fromLocalValue(value: string): Date | undefined {
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}
/** The browser's offset from UTC at an instant, as UTC+05:00. */
export function offset(instant: Date): string {
  // Rounded: before standard time a zone's offset was its local mean time, in fractions of a minute.
  const minutes = Math.round(-instant.getTimezoneOffset());
  const sign = minutes < 0 ? '-' : '+';
  return `UTC${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}
/**
 * An instant on the browser's wall clock to the minute, naming its offset: the same clock as the T and
 * T′ pickers, for lists and printed reports. A fact's own times are shown by `exactTime`.
 */
export const shortTime = (iso: string) => {
  const instant = new Date(iso);
  return `${localValue(instant).slice(0, 16).replace('T', ' ')} ${offset(instant)}`;
};
/** A fact's time to the millisecond, on the pickers' clock: typed back into T or T′, it asks about that very instant. */
export const exactTime = (iso: string) => {
  const instant = new Date(iso);
  return `${localValue(instant).replace('T', ' ')} ${offset(instant)}`;
};

const INVALID_MOMENT = 'invalid-moment';

export function PersonPage({ ctx, subjectId }: { ctx: Context; subjectId: string }) {
  const { t } = ctx;
  const now = localValue(new Date());
  const [at, setAt] = useState(now);
  const [knownAt, setKnownAt] = useState(now);
  const [asked, setAsked] = useState<{ at?: string; knownAt?: string }>({});
  const [state, setState] = useState<ConsentState | undefined>();
  const [matrix, setMatrix] = useState<MatrixAnswer | undefined>();
  const [timeline, setTimeline] = useState<TimelineEvent[] | undefined>();
  const [report, setReport] = useState<Report | undefined>();
  // The disclosures come from the person's report: when it fails, its section says so rather than vanish.
  const [reportError, setReportError] = useState<{ error: unknown } | undefined>();
  // A look that failed: explained when shown (in the language chosen by then), with a way to try again.
  const [error, setError] = useState<{ error: unknown } | undefined>();
  // An answer refused for the chosen moment (T′ in the future): said next to the pickers, which stay.
  const [momentError, setMomentError] = useState<{ error: unknown } | undefined>();
  // Asked again after a failure (the ledger away, a 503): each look is made anew.
  const [attempt, setAttempt] = useState(0);
  const reason = ctx.reason!;
  const said = (e: unknown) =>
    e === INVALID_MOMENT
      ? t.momentInvalid
      : e instanceof ApiError && e.code === 'known-at-in-future'
        ? t.knownAtInFuture
        : explain(t, e).text;

  useEffect(() => {
    const query = new URLSearchParams({
      ...(asked.at ? { at: asked.at } : {}),
      ...(asked.knownAt ? { knownAt: asked.knownAt } : {}),
    }).toString();
    // An answer about another person or another T, asked before this one, must not land on this page.
    let asking = true;
    setMomentError(undefined);
    const refused = (e: unknown) => {
      if (!asking) return;
      setMatrix(undefined);
      setMomentError({ error: e });
    };
    // Each cell is the ledger's own check for it: the page never works the rule out again. It is asked
    // about the T and T′ the consents were answered for — "now" asked twice is two moments, and a fact
    // recorded between them would have the matrix and the consents disagree on one page.
    get<ConsentState>(`/v1/subjects/${subjectId}/consents${query ? `?${query}` : ''}`, { reason })
      .then((r) => {
        if (!asking) return undefined;
        setState(r);
        const same = new URLSearchParams({ at: r.at, knownAt: r.knownAt }).toString();
        return get<MatrixAnswer>(`/v1/subjects/${subjectId}/matrix?${same}`, { reason });
      })
      .then((r) => asking && r && setMatrix(r), refused);
    return () => {
      asking = false;
    };
    // Asked anew at each Show, the same moment too: a refusal or a picker's error shown before is cleared.
  }, [subjectId, asked, reason, attempt]);
  useEffect(() => {
    let asking = true;
    setError(undefined);
    setReportError(undefined);
    // Every page of the history, not the first only: past a page's 1,000 facts, the newest (a recent
    // withdrawal) would be missing from the timeline without a word.
    const wholeHistory = async () => {
      const events: TimelineEvent[] = [];
      let after: number | undefined;
      do {
        const query = `limit=1000${after === undefined ? '' : `&afterRevision=${after}`}`;
        const page = await get<Timeline>(`/v1/subjects/${subjectId}/timeline?${query}`, { reason });
        events.push(...page.events);
        after = page.nextAfterRevision;
      } while (after !== undefined && asking);
      return events;
    };
    wholeHistory().then(
      (events) => asking && setTimeline(events),
      (e: unknown) => asking && setError({ error: e }),
    );
    get<Report>(`/v1/subjects/${subjectId}/report?language=${ctx.lang}`, { reason }).then(
      (r) => asking && setReport(r),
      (e: unknown) => asking && setReportError({ error: e }),
    );
    return () => {
      asking = false;
    };
  }, [subjectId, reason, ctx.lang, attempt]);

  const momentSaid = momentError && said(momentError.error);
  const failed = error ?? (!state ? momentError : undefined);
  if (failed) {
    const { text, retry } = explain(t, failed.error);
    return (
      <>
        <h1>{t.person}</h1>
        <p role="alert">{text}</p>
        {retry && (
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            {t.tryAgain}
          </button>
        )}
      </>
    );
  }
  if (!state) return <p>{t.loading}</p>;
  const who = state.subject;
  return (
    <article>
      <h1>
        {t.person}:{' '}
        {who.status === 'held'
          ? `${who.identifiers?.fullName ?? ''} ${who.identifiers?.iin ?? ''}`.trim()
          : who.status === 'erased'
            ? t.erased
            : '—'}
      </h1>
      <p class="note">
        {t.subjectId}: <code>{subjectId}</code>
      </p>
      <form
        class="moment"
        aria-labelledby="moment-heading"
        onSubmit={(e) => {
          e.preventDefault();
          const [atInstant, knownAtInstant] = [fromLocalValue(at), fromLocalValue(knownAt)];
          // A moment no Date reads is said so beside the pickers, not thrown away unseen.
          if (!atInstant || !knownAtInstant) setMomentError({ error: INVALID_MOMENT });
          else setAsked({ at: atInstant.toISOString(), knownAt: knownAtInstant.toISOString() });
        }}
      >
        <h2 id="moment-heading">{t.momentHeading}</h2>
        {/* The pickers are on the browser's clock: each says its offset, so that 10:00 is never read as Almaty's time on a browser in UTC. */}
        <label for="at">
          {t.at} ({offset(fromLocalValue(at) ?? new Date())})
        </label>
        {/* Both moments are needed: an empty picker is asked for, not read as an invalid date. */}
        <input
          id="at"
          type="datetime-local"
          step="0.001"
          required
          value={at}
          onInput={(e) => setAt((e.target as HTMLInputElement).value)}
        />
        <label for="known-at">
          {t.knownAt} ({offset(fromLocalValue(knownAt) ?? new Date())})
        </label>
        <input
          id="known-at"
          type="datetime-local"
          step="0.001"
          required
          value={knownAt}
          onInput={(e) => setKnownAt((e.target as HTMLInputElement).value)}
        />
        <button type="submit">{t.show}</button>
        <button
          type="button"
          onClick={() => {
            const n = localValue(new Date());
            setAt(n);
            setKnownAt(n);
            setAsked({});
          }}
        >
          {t.now}
        </button>
      </form>
      {momentSaid && <p role="alert">{momentSaid}</p>}
      {matrix && !momentError && <Matrix ctx={ctx} cells={matrix.cells} />}
      {timeline && <Timeline ctx={ctx} events={timeline} at={state.at} knownAt={state.knownAt} />}
      {!momentError && <Consents ctx={ctx} subjectId={subjectId} consents={state.consents} />}
      {report ? (
        <Disclosures ctx={ctx} report={report} />
      ) : (
        reportError && (
          <section aria-labelledby="disclosures-heading">
            <h2 id="disclosures-heading">{t.disclosuresHeading}</h2>
            <p role="alert">{explain(t, reportError.error).text}</p>
            <button type="button" onClick={() => setAttempt((n) => n + 1)}>
              {t.tryAgain}
            </button>
          </section>
        )
      )}
      <p>
        <a href={`#/person/${subjectId}/report`}>{t.reportLink}</a>
      </p>
    </article>
  );
}

/** Purposes × recipients (the lender first) × data categories: the ledger's check for each cell at T as known at T′. */
function Matrix({ ctx, cells }: { ctx: Context; cells: MatrixCell[] }) {
  const { t } = ctx;
  const purposes = [...new Set(cells.map((c) => c.purpose))];
  const categories = [...new Set(cells.map((c) => c.dataCategory))];
  const find = (purpose: string, recipient: string | undefined, category: string) =>
    cells.find((c) => c.purpose === purpose && c.recipient === recipient && c.dataCategory === category);
  const cell = (purpose: string, recipient: string | undefined, category: string) => {
    const c = find(purpose, recipient, category);
    if (!c) return { allowed: false, why: t.noConsent };
    if (c.allowed) {
      const basis = c.basis;
      return {
        allowed: true,
        why:
          basis?.kind === 'legal-basis' && basis.legalBasis
            ? `${t.basisLegal}: ${label(ctx, 'legalBases', basis.legalBasis)}`
            : `${t.basisConsent} ${(basis?.consents ?? []).map((k) => k.consentId.slice(0, 8)).join(', ')}`,
      };
    }
    // Each reason in the page's language (the catalogue's words for its code), the ledger's message failing that.
    const words = (r: { code: string; message: string }) => {
      const said = label(ctx, 'reasons', r.code);
      return said === r.code ? r.message : said;
    };
    return { allowed: false, why: c.reasons.map(words).join('; ') || t.noConsent };
  };
  return (
    <section aria-labelledby="matrix-heading">
      <h2 id="matrix-heading">{t.matrixHeading}</h2>
      <p class="note">{t.matrixNote}</p>
      {/* The matrix names what the consents given by T name: with none, it says so rather than stay blank. */}
      {cells.length === 0 && <p class="matrix-none">{t.matrixNone}</p>}
      {purposes.map((purpose) => {
        const recipients = [
          undefined,
          ...new Set(cells.filter((c) => c.purpose === purpose && c.recipient).map((c) => c.recipient)),
        ];
        return (
          <Scroll label={label(ctx, 'purposes', purpose)}>
            <table class="matrix" data-purpose={purpose}>
              <caption>{label(ctx, 'purposes', purpose)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.recipient}</th>
                  {categories.map((c) => (
                    <th scope="col">{label(ctx, 'dataCategories', c)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {recipients.map((recipient) => (
                  <tr>
                    <th scope="row">{recipient ? label(ctx, 'recipients', recipient) : t.lender}</th>
                    {categories.map((category) => {
                      const v = cell(purpose, recipient, category);
                      return (
                        <td
                          class={v.allowed ? 'yes' : 'no'}
                          data-recipient={recipient ?? 'lender'}
                          data-category={category}
                          data-allowed={String(v.allowed)}
                        >
                          <span aria-hidden="true">{v.allowed ? '✓ ' : '✗ '}</span>
                          {v.allowed ? t.allowed : t.notAllowed}
                          <small>{v.why}</small>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        );
      })}
    </section>
  );
}

const LANES: Record<string, number> = {
  ConsentGranted: 0,
  ConsentPurposesAchieved: 0,
  ConsentWithdrawn: 1,
  WithdrawalRefused: 1,
  ProcessingStopped: 1,
  PolicyVersionAccepted: 2,
  LoanContractSigned: 3,
  LoanObligationsFulfilled: 3,
  DisclosureRecorded: 4,
  DisclosureRefused: 4,
  SubjectNotified: 4,
  SubjectErased: 5,
};
const LANE_NAMES = ['consents', 'withdrawals', 'policy', 'loans', 'disclosures', 'erasure'];
/** A fact recorded more than this after it happened is drawn as late. */
const LATE_MS = 60 * 60 * 1000;

function Timeline({
  ctx,
  events,
  at,
  knownAt,
}: {
  ctx: Context;
  events: TimelineEvent[];
  at: string;
  knownAt: string;
}) {
  const { t } = ctx;
  const [chosen, setChosen] = useState<TimelineEvent | undefined>();
  const width = 960;
  const left = 110;
  const laneHeight = 34;
  const height = 40 + LANE_NAMES.length * laneHeight;
  const { from, to } = useMemo(() => {
    const times = events.flatMap((e) => [Date.parse(e.occurredAt), Date.parse(e.recordedAt)]);
    times.push(Date.parse(at), Date.parse(knownAt));
    const min = Math.min(...times);
    const max = Math.max(...times);
    const pad = Math.max((max - min) * 0.03, 60_000);
    return { from: min - pad, to: max + pad };
  }, [events, at, knownAt]);
  const x = (iso: string) => left + ((Date.parse(iso) - from) / (to - from)) * (width - left - 10);
  const y = (type: string) => 30 + (LANES[type] ?? 5) * laneHeight;
  const ticks = Array.from({ length: 6 }, (_, i) => new Date(from + ((to - from) * i) / 5).toISOString());
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t.timelineHeading}</h2>
      <p class="note">{t.timelineNote}</p>
      <div class="scroll">
        <svg class="timeline" viewBox={`0 0 ${width} ${height}`} role="group" aria-labelledby="timeline-heading">
          {LANE_NAMES.map((name, i) => (
            <g>
              <line class="lane" x1={left} x2={width - 10} y1={30 + i * laneHeight} y2={30 + i * laneHeight} />
              <text class="lane-name" x={4} y={34 + i * laneHeight}>
                {t.lanes[name] ?? name}
              </text>
            </g>
          ))}
          {tickLabels(ticks.map((tick) => new Date(tick))).map((label, i) => (
            <text class="tick" x={x(ticks[i])} y={height - 4} text-anchor="middle">
              {label}
            </text>
          ))}
          <line class="moment-t" x1={x(at)} x2={x(at)} y1={14} y2={height - 16} />
          <text class="moment-label" x={x(at) + 3} y={12}>
            T
          </text>
          <line class="moment-known" x1={x(knownAt)} x2={x(knownAt)} y1={14} y2={height - 16} />
          <text class="moment-label" x={x(knownAt) + 3} y={24}>
            T′
          </text>
          {events.map((e) => {
            const cx = x(e.occurredAt);
            const cy = y(e.type);
            const late = Date.parse(e.recordedAt) - Date.parse(e.occurredAt) > LATE_MS;
            const refused = e.type.endsWith('Refused');
            // What happened in the page's language: the event type is the ledger's code, not a word.
            const name = `${t.events[e.type] ?? e.type} ${shortTime(e.occurredAt)}${late ? ` — ${t.lateMark} ${shortTime(e.recordedAt)}` : ''}`;
            return (
              <g
                class={`event${refused ? ' refused' : ''}${late ? ' late' : ''}${chosen?.eventId === e.eventId ? ' chosen' : ''}`}
                data-type={e.type}
                data-late={String(late)}
                role="button"
                tabindex={0}
                aria-label={name}
                onClick={() => setChosen(e)}
                onKeyDown={(k) => {
                  if (k.key === 'Enter' || k.key === ' ') {
                    k.preventDefault();
                    setChosen(e);
                  }
                }}
              >
                <title>{name}</title>
                {late && <path class="late-mark" d={`M${cx},${cy} L${x(e.recordedAt)},${cy - 10} m-4,-3 l4,3 l-4,3`} />}
                {refused ? (
                  <path
                    class="marker"
                    d={`M${cx - 6},${cy - 6} L${cx + 6},${cy + 6} M${cx + 6},${cy - 6} L${cx - 6},${cy + 6}`}
                  />
                ) : (
                  <circle class="marker" cx={cx} cy={cy} r={6} />
                )}
              </g>
            );
          })}
        </svg>
      </div>
      {chosen && <EventDetails ctx={ctx} event={chosen} />}
    </section>
  );
}

function EventDetails({ ctx, event }: { ctx: Context; event: TimelineEvent }) {
  const { t } = ctx;
  const data = event.data;
  const basis = data.basis ?? data.reason ?? data.reasons ?? data.legalBasis;
  return (
    <div class="card details" role="region" aria-label={t.details} aria-live="polite">
      <h3>
        {t.event}: {t.events[event.type] ?? event.type} (<code>{event.type}</code>)
      </h3>
      <dl>
        <dt>{t.occurredAt}</dt>
        <dd>
          <time dateTime={event.occurredAt} title={event.occurredAt}>
            {exactTime(event.occurredAt)}
          </time>
        </dd>
        <dt>{t.recordedAt}</dt>
        <dd>
          <time dateTime={event.recordedAt} title={event.recordedAt}>
            {exactTime(event.recordedAt)}
          </time>
        </dd>
        {basis !== undefined && (
          <>
            <dt>{t.basis}</dt>
            <dd>
              <code>{JSON.stringify(basis)}</code>
            </dd>
          </>
        )}
        <dt>{t.hash}</dt>
        <dd>
          <code class="hash">{event.hash ?? '—'}</code>
        </dd>
      </dl>
      <details>
        <summary>{t.data}</summary>
        <pre>{JSON.stringify(data, null, 2)}</pre>
      </details>
    </div>
  );
}

function Consents({ ctx, subjectId, consents }: { ctx: Context; subjectId: string; consents: ConsentView[] }) {
  const { t } = ctx;
  const [error, setError] = useState<string | undefined>();
  return (
    <section aria-labelledby="consents-heading">
      <h2 id="consents-heading">{t.consentsHeading}</h2>
      {consents.length === 0 && <p>{t.none}</p>}
      <ul class="consents">
        {consents.map((c) => (
          <li>
            <code>{c.consentId.slice(0, 8)}</code> — {t.statuses[c.status] ?? c.status}; {t.givenAt}{' '}
            {shortTime(c.givenAt)} ({t.reportMethods[c.collectionMethod] ?? c.collectionMethod}){' '}
            <button
              type="button"
              onClick={() =>
                download(
                  `/v1/subjects/${subjectId}/consents/${c.consentId}/receipt`,
                  `receipt-${c.consentId}.json`,
                  ctx.reason!,
                ).catch((e: unknown) => setError(explain(t, e).text))
              }
            >
              {t.receiptJson}
            </button>{' '}
            <a href={`#/person/${subjectId}/receipt/${c.consentId}`}>{t.receiptPrint}</a>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}

function Disclosures({ ctx, report }: { ctx: Context; report: Report }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="disclosures-heading">
      <h2 id="disclosures-heading">{t.disclosuresHeading}</h2>
      {report.disclosures.length + report.refusals.disclosures.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Scroll label={t.disclosuresHeading}>
          <ColumnTable columns={[t.when, t.recipient, t.purpose, t.data, t.basis]}>
            {report.disclosures.map((d) => (
              <tr>
                <td>{shortTime(d.occurredAt)}</td>
                <td>{label(ctx, 'recipients', d.recipient.code)}</td>
                <td>{label(ctx, 'purposes', d.purpose.code)}</td>
                <td>{d.dataCategories.map((c) => label(ctx, 'dataCategories', c.code)).join(', ')}</td>
                <td>
                  {d.basis?.kind === 'legal-basis'
                    ? `${t.basisLegal}: ${label(ctx, 'legalBases', d.basis.legalBasis!.code)}`
                    : `${t.basisConsent} ${(d.basis?.consents ?? []).map((c) => c.slice(0, 8)).join(', ')}`}
                </td>
              </tr>
            ))}
            {report.refusals.disclosures.map((d) => (
              <tr class="refused-row">
                <td>{shortTime(d.occurredAt)}</td>
                <td>{label(ctx, 'recipients', d.recipient.code)}</td>
                <td colSpan={2}>{t.refusedDisclosures}</td>
                <td>
                  {(d.reasons ?? [])
                    .map((r) => {
                      const said = r.explanation ?? r.message;
                      return r.citation ? `${said} (${r.citation})` : said;
                    })
                    .join('; ')}
                </td>
              </tr>
            ))}
          </ColumnTable>
        </Scroll>
      )}
    </section>
  );
}
