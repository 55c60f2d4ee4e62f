/** Identifiers as support staff see them: enough to recognise a caller, not to copy. */
function maskIin(iin: string): string {
  return iin.length === 12 ? `${iin.slice(0, 2)}********${iin.slice(10)}` : '*'.repeat(iin.length);
}

function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0]}***`)
    .join(' ');
}

function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `***${digits.slice(-2)}`;
}

function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return domain ? `${[...local][0] ?? ''}***@${domain}` : '***';
}

export interface Identifiers {
  readonly iin: string;
  readonly fullName?: string;
  readonly phone?: string;
  readonly email?: string;
}

export function maskIdentifiers(identifiers: Identifiers): Identifiers {
  return {
    iin: maskIin(identifiers.iin),
    ...(identifiers.fullName ? { fullName: maskName(identifiers.fullName) } : {}),
    ...(identifiers.phone ? { phone: maskPhone(identifiers.phone) } : {}),
    ...(identifiers.email ? { email: maskEmail(identifiers.email) } : {}),
  };
}
