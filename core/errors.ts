/**
 * Errors shared by the domain (core/<area>) and the handler layer. Domain code refuses a request by
 * throwing a HandlerError with its Chinese message; it never imports core/handlers (that would point
 * an arrow up and close a cycle handlers → domain → handlers). Every door answers it the same way:
 * HTTP status in browser mode, `{ ok: false, status }` over IPC, exit 1 in the CLI.
 * Errors with codes of their own (NoticeError, FindingError, BackupError, db's StoreError) stay in
 * their areas; handlers map them to a HandlerError.
 */

/** 400 refused input, 403 a path outside the chosen folders (path guard), 404 not found, 409 conflicts with the data as it is, 500 internal. */
export type HandlerErrorStatus = 400 | 403 | 404 | 409 | 500;

export class HandlerError extends Error {
  constructor(
    message: string,
    readonly status: HandlerErrorStatus = 400,
  ) {
    super(message);
    this.name = 'HandlerError';
  }
}
