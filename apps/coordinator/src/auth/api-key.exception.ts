export enum ApiKeyErrorCode {
  NotFound = 'API_KEY_NOT_FOUND',
  NameTaken = 'API_KEY_NAME_TAKEN',
}

/** Domain error of API key administration; mapped to HTTP once, in ApiKeyExceptionFilter. */
export class ApiKeyException extends Error {
  override name = 'ApiKeyException';

  constructor(
    readonly code: ApiKeyErrorCode,
    message: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
