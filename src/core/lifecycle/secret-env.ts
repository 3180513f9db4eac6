import type { EnvVariable } from '../../shared/types/service';

export const MASK = '•••';

/** Names that usually hold secrets: API_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY, STRIPE_KEY, … */
const SECRET_NAME = /TOKEN|SECRET|PASS(WORD|WD)?($|_)|_PWD$|KEY|CREDENTIAL|AUTH|PRIVATE|COOKIE/i;
/** user:password@ in a URL (postgres://app:hunter2@db/app). */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@/\s]+)(@)/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * A variable as the console may show it without being asked: a secret-looking name hides the
 * whole value, a URL hides only its password, anything else is shown as it is.
 */
export function maskVariable(name: string, value: string): EnvVariable {
  if (looksSecret(name)) return { name, value: value === '' ? '' : MASK, masked: value !== '' };
  const url = URL_PASSWORD.exec(value);
  if (url !== null) return { name, value: value.replace(URL_PASSWORD, `$1${MASK}$3`), masked: true };
  return { name, value, masked: false };
}
