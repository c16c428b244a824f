/** The few errors a service raises; one handler turns them into `{ error, message, details? }`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export class BadRequest extends HttpError {
  constructor(message: string, details?: unknown) {
    super(400, 'bad_request', message, details)
  }
}

export class NotFound extends HttpError {
  constructor(message: string) {
    super(404, 'not_found', message)
  }
}

export class Conflict extends HttpError {
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, details)
  }
}

export class Gone extends HttpError {
  constructor(message: string, details?: unknown) {
    super(410, 'gone', message, details)
  }
}

export class InvalidResponse extends HttpError {
  constructor(readonly problems: { question: string; reason: string }[]) {
    super(400, 'invalid_response', `The response has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`, problems)
  }
}

export class TooManyRequests extends HttpError {
  constructor(
    message: string,
    /** Seconds until a retry can succeed: sent as Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(429, 'rate_limited', message)
  }
}

export class Unauthorized extends HttpError {
  constructor(message = 'Sign in to continue.') {
    super(401, 'unauthorized', message)
  }
}

export class Forbidden extends HttpError {
  constructor(message: string, code = 'forbidden') {
    super(403, code, message)
  }
}

/** The server is overloaded; the caller sets Retry-After (server/plugins/pressure.ts). */
export class ServiceUnavailable extends HttpError {
  constructor(message: string) {
    super(503, 'overloaded', message)
  }
}
