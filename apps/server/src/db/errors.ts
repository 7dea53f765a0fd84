/**
 * What a failed statement means, whichever driver raised it (pg puts the SQLSTATE on the error, drizzle wraps it in
 * `cause`, PGlite puts it on the error too). The one place that decodes SQLSTATEs.
 */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.cause?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** 23505: a unique key refused the row; with `constraint`, only that constraint (a substring of its name). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (sqlState(err) !== '23505') return false;
  if (!constraint) return true;
  const e = err as { constraint?: string; cause?: { constraint?: string } };
  return (e.cause?.constraint ?? e.constraint ?? '').includes(constraint);
}

export const isDeadlock = (err: unknown) => sqlState(err) === '40P01';

/** Class 22, data exception: a value the column cannot hold (out of range, bad format). The caller's fault. */
export const isDataException = (err: unknown) => sqlState(err)?.startsWith('22') ?? false;

/**
 * The database cannot be reached, is shutting down or has no room: the network, class 08 (connection), 57P0x
 * (shutdown) and class 53 (insufficient resources: 53300 "too many clients already", when every connection slot
 * is taken, which the soak bench met on a crowded machine and which was answered as an unexpected 500).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = sqlState(err);
  if (!code) {
    // pg's own errors for a connection that died under it, or a statement left unanswered past the query
    // timeout (a frozen server, a half-open link), carry no code.
    const e = err as { message?: unknown; cause?: { message?: unknown } } | null;
    const message = String(e?.cause?.message ?? e?.message ?? '');
    return /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|Query read timeout/.test(
      message,
    );
  }
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    code === 'EPIPE' ||
    code === 'ENOTFOUND' ||
    code === 'EHOSTUNREACH' ||
    code.startsWith('08') ||
    code.startsWith('53') ||
    /^57P0[1-4]$/.test(code)
  );
}

/** Every pooled connection stayed busy for the pool's whole wait: overloaded, not broken. */
export function isPoolExhausted(err: unknown): boolean {
  const e = err as { message?: unknown; cause?: { message?: unknown } } | null;
  const message = String(e?.cause?.message ?? e?.message ?? '');
  return message.includes('timeout exceeded when trying to connect');
}
