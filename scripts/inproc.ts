import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApp } from '../apps/ledger/src/bootstrap';
import { loadConfig } from '../apps/ledger/src/config/ledger-config';
import { mintDevelopmentToken } from '../apps/ledger/src/auth/development-tokens';
import { syntheticIin } from '../apps/ledger/src/demo/demo-history';
import { SubjectLedger } from '../apps/ledger/src/ledger/subject-ledger';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'inproc-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
  const app = await createLedgerApp(config, {}, { logger: false });
  await app.init(); await app.getHttpAdapter().getInstance().ready();
  const token = await mintDevelopmentToken(config.auth.developmentPrivateKeyPem!, ['lending-core', 'auditor', 'compliance-admin'], { sub: 'b' });
  const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const now = new Date(Date.now() - 60000).toISOString();
  await app.inject({ method: 'POST', url: '/v1/policies/privacy/versions', headers: { ...h, 'idempotency-key': 'p' }, payload: JSON.stringify({ version: '1', effectiveFrom: now, occurredAt: now, materialChange: true, texts: { kk: { sha256: 'a'.repeat(64), url: 'https://x/kk' } } }) });
  const N = Number(process.env.N ?? 2000);
  const grant = (i: number) => ({ iin: syntheticIin(99, i), purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'], dataCategories: ['full-name', 'iin', 'salary-amount', 'pension-contributions'], recipients: ['first-credit-bureau', 'enpf'], crossBorderTransferAllowed: false, publicationAllowed: false, term: { kind: 'until-purposes-achieved' }, policyShown: { policyId: 'privacy', version: '1' }, language: 'kk', collectionMethod: 'web-checkbox', evidence: [], occurredAt: new Date(Date.now() - 1000).toISOString() });
  const { Session } = await import('node:inspector/promises');
  const session = new Session(); session.connect(); await session.post('Profiler.enable');
  const run = async (label: string, n: number, f: (i: number) => Promise<unknown>, conc = 32) => {
    const profile = process.env.PROFILE === label;
    if (profile) await session.post('Profiler.start');
    const c0 = process.cpuUsage(); const t0 = process.hrtime.bigint(); let next = 0;
    await Promise.all(Array.from({ length: conc }, async () => { for (;;) { const i = next++; if (i >= n) return; await f(i); } }));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6; const c = process.cpuUsage(c0);
    console.log(`${label}: ${(n / (ms / 1000)).toFixed(0)}/s wall, ${((c.user + c.system) / n).toFixed(0)} µs CPU each`);
    if (profile) { const { profile: p } = await session.post('Profiler.stop'); writeFileSync(`/tmp/${label.replace(/\W+/g, '-')}.cpuprofile`, JSON.stringify(p)); }
  };
  await run('grant via inject', N, async (i) => { const r = await app.inject({ method: 'POST', url: '/v1/consents', headers: { ...h, 'idempotency-key': `g-${i}` }, payload: JSON.stringify(grant(i)) }); if (r.statusCode !== 201) throw new Error(r.body); });
  await run('disclosure via inject', N, async (i) => { const r = await app.inject({ method: 'POST', url: '/v1/disclosures', headers: { ...h, 'idempotency-key': `d-${i}` }, payload: JSON.stringify({ iin: syntheticIin(99, i), recipient: 'first-credit-bureau', purpose: 'credit-and-pension-checks', dataCategories: ['iin', 'full-name'], occurredAt: new Date(Date.now() - 1000).toISOString() }) }); if (r.statusCode !== 201) throw new Error(r.body); });
  const subjects = app.get(SubjectLedger);
  const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => subjects.lookup(syntheticIin(99, i))));
  await new Promise((r) => setTimeout(r, 1000));
  await run('check via inject', N * 2, async (i) => { const r = await app.inject({ method: 'GET', url: `/v1/subjects/${ids[i % 200]}/check?purpose=credit-and-pension-checks&recipient=first-credit-bureau&dataCategories=iin,full-name`, headers: h }); if (r.statusCode !== 200) throw new Error(r.body); });
  await run('disclosure via ledger (no HTTP)', N, (i) => subjects.execute({ iin: syntheticIin(99, i) }, { type: 'RecordDisclosure', data: { disclosureId: `x-${i}`, recipient: 'first-credit-bureau', purpose: 'credit-and-pension-checks', dataCategories: ['iin'], occurredAt: new Date(Date.now() - 1000).toISOString() } }, { commandId: `x-${i}`, correlationId: `x-${i}`, actor: { kind: 'client', id: 'b' } }));
  await app.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
