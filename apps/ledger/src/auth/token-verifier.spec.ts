import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { AuthConfig } from './auth-config';
import { ACTOR_IS_IIN, TokenRefused, TokenVerifier, VerificationOutcome } from './token-verifier';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const auth: AuthConfig = {
  issuer: 'https://idp.example/realms/lender',
  audience: 'consent-ledger',
  keys: { kind: 'pem', keys: [publicKey] },
  rolesClaim: 'roles',
  clockToleranceSeconds: 30,
  maxTokenLifetimeSeconds: 3600,
};

function token(sub: string, iat: number, exp: number, key: KeyObject = privateKey): Promise<string> {
  return new SignJWT({ roles: ['auditor', 'no-such-role'] })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject(sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
}

describe('TokenVerifier', () => {
  const start = Math.floor(Date.now() / 1000);
  let now: number;
  let outcomes: VerificationOutcome[];
  const verifier = (cacheSize?: number) =>
    new TokenVerifier(auth, { now: () => now, cacheSize, onOutcome: (o) => outcomes.push(o) });

  beforeEach(() => {
    now = start * 1000;
    outcomes = [];
  });

  it('says who the token names: issuer, subject, known roles, expiry', async () => {
    expect(await verifier().verify(await token('aigerim', start, start + 600))).toEqual({
      issuer: auth.issuer,
      sub: 'aigerim',
      roles: ['auditor'],
      expiresAt: (start + 600) * 1000,
    });
  });

  it('refuses a token whose subject is an IIN: the actor is kept in the permanent log, where an IIN could never be erased', async () => {
    // A valid IIN, as an eGov-based provider might give it, bare or inside an id.
    for (const sub of ['880315300252', 'egov:880315300252']) {
      await expect(verifier().verify(await token(sub, start, start + 600))).rejects.toThrow(ACTOR_IS_IIN);
    }
    // Twelve digits that are not an IIN (a wrong check digit) name a staff number, and are taken.
    expect((await verifier().verify(await token('880315300251', start, start + 600))).sub).toBe('880315300251');
  });

  it('checks a token’s signature once, then answers from the cache until it expires', async () => {
    const v = verifier();
    const t = await token('a', start, start + 600);
    await v.verify(t);
    await v.verify(t);
    expect(outcomes).toEqual(['verified', 'cached']);
    now = (start + 601) * 1000; // past exp: checked again (and still within the clock tolerance)
    await v.verify(t);
    now = (start + 631) * 1000; // past exp + tolerance
    await expect(v.verify(t)).rejects.toThrow(TokenRefused);
    expect(outcomes).toEqual(['verified', 'cached', 'verified', 'refused']);
    expect(v.cached).toBe(0);
  });

  it('keeps a bounded number of tokens, dropping the least recently used', async () => {
    const v = verifier(2);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => token(sub, start, start + 600)));
    await v.verify(a);
    await v.verify(b);
    await v.verify(a); // a is now the most recently used
    await v.verify(c); // b goes
    expect(v.cached).toBe(2);
    outcomes = [];
    await v.verify(a);
    await v.verify(b);
    expect(outcomes).toEqual(['cached', 'verified']);
  });

  it('never caches a refusal', async () => {
    const v = verifier();
    const stranger = createPrivateKey(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const forged = await token('a', start, start + 600, stranger);
    await expect(v.verify(forged)).rejects.toThrow('not valid');
    await expect(v.verify(forged)).rejects.toThrow('not valid');
    expect(outcomes).toEqual(['refused', 'refused']);
  });
});
