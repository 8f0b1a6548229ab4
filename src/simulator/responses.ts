/**
 * The simulator's response vocabulary: a response is data (status, headers, body text) until the
 * server writes it, so a fault can still truncate, drip or corrupt it after the handler ran.
 */

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface FieldError {
  field: string;
  message: string;
}

/** Headers Krastie puts on every /v1 response (lowercase names, string values). */
export const V1_HEADERS: Readonly<Record<string, string>> = { 'api-version': 'v1', deprecated: 'false' };

export function json(status: number, payload: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  };
}

/** Krastie's error envelope: errCode repeats the HTTP status; 422s add the field errors as `data`. */
export function errorResponse(
  status: number,
  message: string,
  data?: readonly FieldError[],
  headers: Record<string, string> = {},
): SimResponse {
  return json(status, data ? { message, errCode: status, data } : { message, errCode: status }, headers);
}

/** Thrown by handlers for any expected failure; the server turns it into an error response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly data?: readonly FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toResponse(): SimResponse {
    return errorResponse(this.status, this.message, this.data, this.headers);
  }
}

export function notFound(message: string): ApiError {
  return new ApiError(404, message);
}
