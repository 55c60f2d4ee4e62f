import { useEffect, useState } from 'preact/hooks';
import { ApiError, Checkpoints, get, ReportPage } from './api';
import { Context } from './app';
import { ColumnTable } from './tables';

const REPORTS = [
  'withdrawal-deadlines',
  'notice-deadlines',
  'disclosures-no-longer-covered',
  'refused-disclosures',
  'refused-withdrawals',
];

const cellText = (v: unknown) =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function Table({ rows, caption }: { rows: Record<string, unknown>[]; caption: string }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, 10);
  return (
    <div class="scroll">
      <ColumnTable class="report" caption={caption} columns={columns}>
        {rows.map((r) => (
          <tr>
            {columns.map((c) => (
              <td>{cellText(r[c])}</td>
            ))}
          </tr>
        ))}
      </ColumnTable>
    </div>
  );
}

/** The compliance reports as tables, read-only, for auditors and regulators. */
export function ReportsPage({ ctx }: { ctx: Context }) {
  const { t } = ctx;
  const [name, setName] = useState(REPORTS[0]);
  const [rows, setRows] = useState<Record<string, unknown>[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setRows(undefined);
    setError(undefined);
    // An answer for a tab left before it arrived must not fill the tab chosen since.
    let chosen = true;
    get<ReportPage>(`/v1/reports/${name}?limit=200`, { reason: ctx.reason }).then(
      (r) => chosen && setRows(r.rows),
      (e: ApiError) => chosen && setError(`${e.code}: ${e.message}`),
    );
    return () => {
      chosen = false;
    };
  }, [name]);
  return (
    <section aria-labelledby="reports-heading">
      <h1 id="reports-heading">{t.reportsHeading}</h1>
      <div role="tablist" aria-label={t.reportsHeading} class="tabs">
        {REPORTS.map((r) => (
          <button type="button" role="tab" aria-selected={r === name} onClick={() => setName(r)}>
            {t.reportNames[r]}
          </button>
        ))}
      </div>
      {error && <p role="alert">{error}</p>}
      {rows && (
        <>
          <p>
            {rows.length} {t.rows}
          </p>
          {rows.length > 0 && <Table rows={rows} caption={t.reportNames[name]} />}
        </>
      )}
    </section>
  );
}

export function CheckpointsPage({ ctx }: { ctx: Context }) {
  const { t } = ctx;
  const [rows, setRows] = useState<Record<string, unknown>[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    get<Checkpoints>('/v1/integrity/checkpoints', {
      reason: ctx.reason,
    }).then(
      (r) => setRows(r.checkpoints),
      (e: ApiError) => setError(`${e.code}: ${e.message}`),
    );
  }, []);
  return (
    <section aria-labelledby="checkpoints-heading">
      <h1 id="checkpoints-heading">{t.checkpointsHeading}</h1>
      {error && <p role="alert">{error}</p>}
      {rows && (rows.length === 0 ? <p>{t.none}</p> : <Table rows={rows} caption={t.checkpointsHeading} />)}
    </section>
  );
}
