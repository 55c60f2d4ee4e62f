import { useEffect, useState } from 'preact/hooks';
import { Checkpoints, get, ReportPage } from './api';
import { Context } from './app';
import { explain } from './problems';
import { exactTime } from './person';
import { ColumnTable, Scroll } from './tables';

const REPORTS = [
  'withdrawal-deadlines',
  'notice-deadlines',
  'disclosures-no-longer-covered',
  'refused-disclosures',
  'refused-withdrawals',
];
/** The columns that say what each report is about, shown first; every other column follows. */
const LEADING: Record<string, string[]> = {
  'withdrawal-deadlines': ['status', 'deadline', 'workingDaysLeft'],
  'notice-deadlines': ['status', 'deadline', 'workingDaysLeft'],
  'disclosures-no-longer-covered': ['coveredAsKnownThen', 'coveredAsKnownNow', 'reasonsNow'],
  'refused-disclosures': ['reasons'],
  'refused-withdrawals': ['reason', 'openLoans'],
};

const cellText = (v: unknown) =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/**
 * A cell's value; an instant on the browser's clock with its offset, as on a person's page: a
 * deadline kept as 18:59:59.999Z is the end of that day in Almaty (23:59:59.999 UTC+05:00), not
 * a time to be worked out by the reader.
 */
const Cell = ({ value }: { value: unknown }) =>
  typeof value === 'string' && INSTANT.test(value) ? (
    <time dateTime={value} title={value}>
      {exactTime(value)}
    </time>
  ) : (
    <>{cellText(value)}</>
  );

function Table({
  rows,
  caption,
  leading = [],
}: {
  rows: Record<string, unknown>[];
  caption: string;
  leading?: string[];
}) {
  // Every column the rows have: a deadline report's deadline and status come last in its rows, and
  // must not be the ones cut off.
  const present = new Set(rows.flatMap((r) => Object.keys(r)));
  const columns = [...new Set([...leading.filter((c) => present.has(c)), ...present])];
  return (
    <Scroll label={caption}>
      <ColumnTable class="report" caption={caption} columns={columns}>
        {rows.map((r) => (
          <tr>
            {columns.map((c) => (
              <td>
                <Cell value={r[c]} />
              </td>
            ))}
          </tr>
        ))}
      </ColumnTable>
    </Scroll>
  );
}

/** The compliance reports as tables, read-only, for auditors and regulators. */
export function ReportsPage({ ctx }: { ctx: Context }) {
  const { t } = ctx;
  const [name, setName] = useState(REPORTS[0]);
  // The page asked for: its cursor, none for the first.
  const [cursor, setCursor] = useState<string | undefined>();
  // Each answer names the report and page it answers: rows are shown only under their own tab's
  // name, also in the moment between a tab chosen and its answer asked for.
  const [answer, setAnswer] = useState<{
    name: string;
    cursor?: string;
    rows: Record<string, unknown>[];
    next?: string;
  }>();
  const [error, setError] = useState<{ error: unknown } | undefined>();
  const shown = answer?.name === name && answer.cursor === cursor ? answer : undefined;
  const rows = shown?.rows;
  const next = shown?.next;
  useEffect(() => {
    setError(undefined);
    // An answer for a tab left before it arrived must not fill the tab chosen since.
    let chosen = true;
    const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    get<ReportPage>(`/v1/reports/${name}?${query}`, { reason: ctx.reason }).then(
      (r) => {
        if (!chosen) return;
        setAnswer({ name, cursor, rows: r.rows, next: r.next });
      },
      (e: unknown) => chosen && setError({ error: e }),
    );
    return () => {
      chosen = false;
    };
  }, [name, cursor]);
  return (
    <section aria-labelledby="reports-heading">
      <h1 id="reports-heading">{t.reportsHeading}</h1>
      <div role="tablist" aria-label={t.reportsHeading} class="tabs">
        {REPORTS.map((r) => (
          <button
            type="button"
            role="tab"
            aria-selected={r === name}
            onClick={() => {
              setName(r);
              setCursor(undefined);
            }}
          >
            {t.reportNames[r]}
          </button>
        ))}
      </div>
      {error && <p role="alert">{explain(t, error.error).text}</p>}
      {rows && (
        <>
          <p>
            {rows.length} {t.rows}
            {next ? ` — ${t.morePages}` : ''}
          </p>
          {rows.length > 0 && <Table rows={rows} caption={t.reportNames[name]} leading={LEADING[name]} />}
          {/* A report longer than a page goes on: its later rows are not dropped from sight. */}
          <div class="toolbar">
            {cursor && (
              <button type="button" onClick={() => setCursor(undefined)}>
                {t.firstPage}
              </button>
            )}
            {next && (
              <button type="button" class="next-page" onClick={() => setCursor(next)}>
                {t.nextPage}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

export function CheckpointsPage({ ctx }: { ctx: Context }) {
  const { t } = ctx;
  const [rows, setRows] = useState<Record<string, unknown>[] | undefined>();
  const [error, setError] = useState<{ error: unknown } | undefined>();
  useEffect(() => {
    get<Checkpoints>('/v1/integrity/checkpoints', {
      reason: ctx.reason,
    }).then(
      (r) => setRows(r.checkpoints),
      (e: unknown) => setError({ error: e }),
    );
  }, []);
  return (
    <section aria-labelledby="checkpoints-heading">
      <h1 id="checkpoints-heading">{t.checkpointsHeading}</h1>
      {error && <p role="alert">{explain(t, error.error).text}</p>}
      {rows && (rows.length === 0 ? <p>{t.none}</p> : <Table rows={rows} caption={t.checkpointsHeading} />)}
    </section>
  );
}
