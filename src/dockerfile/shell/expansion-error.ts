/** An expansion failure such as an unterminated quote or `${VAR:?msg}` on an unset variable. */
export class ExpansionError extends Error {}
