import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEVELOPMENT_KEY_FILE } from '../../apps/ledger/src/auth/auth-config';
import { mintDevelopmentToken } from '../../apps/ledger/src/auth/development-tokens';
import { syntheticIin } from '../../apps/ledger/src/demo/demo-history';
import { exited, freePort, startBuiltService } from '../support/built-service';

/**
 * One person with a long history, black-box: the built service on a fresh data folder, commands on
 * one person sent one at a time — in every four, three grants (three purposes, three recipients, four
 * categories, SMS evidence) and a disclosure — and the service's CPU (every thread, /proc) per command
 * for each hundred. What grows from the first hundred to the last is what a person's history costs.
 *   npm run bench:long-history -- [--commands 2000] [--node-args "--cpu-prof --cpu-prof-dir=/tmp/p"]
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { commands: { type: 'string', default: '2000' }, 'node-args': { type: 'string', default: '' } },
  });
  const commands = Number(values.commands);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-long-history-'));
  const port = await freePort();
  const nodeArgs = values['node-args'] ? values['node-args'].split(' ') : [];
  const child = await startBuiltService(dir, port, {
    nodeArgs,
    env: { NODE_ENV: 'test', LEDGER_RATE_LIMIT_PER_MINUTE: '0', LEDGER_WEBHOOKS: 'off' },
  });
  try {
    const key = readFileSync(join(dir, DEVELOPMENT_KEY_FILE), 'utf8');
    const core = await mintDevelopmentToken(key, ['lending-core']);
    const admin = await mintDevelopmentToken(key, ['compliance-admin']);
    const post = async (path: string, idempotencyKey: string, body: unknown, bearer = core) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          authorization: `Bearer ${bearer}`,
        },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    };
    const at = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    await post(
      '/v1/policies/privacy/versions',
      'policy-1',
      {
        version: '1',
        effectiveFrom: at,
        occurredAt: at,
        materialChange: true,
        texts: { kk: { sha256: 'a'.repeat(64), url: 'https://acredit.kz/privacy/1/kk' } },
      },
      admin,
    );
    const iin = syntheticIin(7, 1);
    const grant = {
      iin,
      purposes: ['microcredit-contract', 'credit-and-pension-checks', 'advertising'],
      dataCategories: ['full-name', 'iin', 'salary-amount', 'pension-contributions'],
      recipients: ['first-credit-bureau', 'enpf', 'advertising-partners'],
      crossBorderTransferAllowed: false,
      publicationAllowed: false,
      term: { kind: 'until-purposes-achieved' },
      policyShown: { policyId: 'privacy', version: '1' },
      language: 'kk',
      collectionMethod: 'sms-one-time-code',
      evidence: [{ kind: 'sms-log', reference: 'sms/784512', sha256: 'a'.repeat(64) }],
      occurredAt: at,
    };
    const disclosure = {
      iin,
      recipient: 'first-credit-bureau',
      purpose: 'credit-and-pension-checks',
      dataCategories: ['iin', 'full-name'],
      occurredAt: at,
    };
    console.log(`# npm run bench:long-history -- --commands ${commands}\n`);
    console.log('| commands | service CPU per command | wall per command |');
    console.log('| --- | ---: | ---: |');
    let cpu = cpuMs(child.pid!);
    let wall = Date.now();
    for (let i = 1; i <= commands; i++) {
      if (i % 4 === 0) await post('/v1/disclosures', `disclosure-${i}`, disclosure);
      else await post('/v1/consents', `grant-${i}`, grant);
      if (i % 100 === 0) {
        const now = cpuMs(child.pid!);
        console.log(
          `| ${i - 99}–${i} | ${((now - cpu) / 100).toFixed(1)} ms | ${((Date.now() - wall) / 100).toFixed(1)} ms |`,
        );
        cpu = now;
        wall = Date.now();
      }
    }
  } finally {
    child.kill('SIGTERM');
    await exited(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The process's CPU (user + system, every thread) in ms, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
