// Secret detection for ARG/ENV: BuildKit's key-name rule and berth's value patterns.

const SECRET_KEY = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOWED_KEY = /(?:_|^)(?:public)(?:_|$)/i;

/** BuildKit's SecretsUsedInArgOrEnv test on a variable name. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !ALLOWED_KEY.test(key);
}

const SECRET_VALUES: Array<[RegExp, string]> = [
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, 'a GitLab token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bsk_live_[A-Za-z0-9]{16,}\b/, 'a Stripe secret key'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'a JSON web token'],
  [/:\/\/[^/\s:@]+:[^/\s@$]+@/, 'a URL with a password'],
];

/** Every pattern in one expression: most values match none, and one scan beats eight. */
const ANY_SECRET_VALUE = new RegExp(SECRET_VALUES.map(([re]) => `(?:${re.source})`).join('|'));

/** What kind of secret a value looks like, if any. */
export function secretValueKind(value: string): string | undefined {
  if (!ANY_SECRET_VALUE.test(value)) return undefined;
  return SECRET_VALUES.find(([re]) => re.test(value))?.[1];
}
