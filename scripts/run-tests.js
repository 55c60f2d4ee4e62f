#!/usr/bin/env node
// `npm test`: compile what the tests run (apps, libs, scripts and tests in one tsc pass, and the
// console's bundle), then run jest while the lint and the console's typecheck run beside it. They need
// nothing jest makes, and jest leaves the cores idle while its suites wait on processes and fsync.
// Their output is held and printed after jest's; the run fails if any of them fails.
const { spawn, spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status;

/** Runs an npm script with its output held; resolves to its exit code and what it printed. */
function beside(script) {
  return new Promise((done) => {
    const child = spawn(npm, ['run', '-s', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => done({ script, code, output }));
  });
}

async function main() {
  if (run(bin('tsc'), ['-p', 'tsconfig.json']) !== 0) return 1;
  if (run(npm, ['run', '-s', 'build:console']) !== 0) return 1;
  const checks = Promise.all([beside('lint'), beside('typecheck:console')]);
  const jest = await new Promise((done) => {
    spawn(bin('jest'), process.argv.slice(2), { cwd: root, stdio: 'inherit' }).on('close', done);
  });
  let failed = jest !== 0;
  for (const { script, code, output } of await checks) {
    if (output.trim()) process.stdout.write(`\n— npm run ${script} —\n${output}`);
    if (code !== 0) {
      console.error(`npm run ${script} failed (exit ${code})`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
