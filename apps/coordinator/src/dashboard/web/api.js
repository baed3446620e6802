// @ts-check
/** The coordinator's REST API, called with the signed-in API key in the Authorization header. */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message the server's own message (what it says is wrong)
   * @param {string | undefined} code
   */
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class Api {
  /**
   * @param {string} key
   * @param {() => void} onUnauthorized called when the key stops being accepted (revoked)
   */
  constructor(key, onUnauthorized) {
    this.key = key;
    this.onUnauthorized = onUnauthorized;
  }

  /**
   * @template T
   * @param {string} path
   * @returns {Promise<T>}
   */
  get(path) {
    return this.call('GET', path);
  }

  /**
   * @template T
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<T>}
   */
  post(path, body) {
    return this.call('POST', path, body ?? {});
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   */
  async call(method, path, body) {
    /** @type {Record<string, string>} */
    const headers = { Authorization: `Bearer ${this.key}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(
        0,
        'The coordinator cannot be reached. Check your connection and try again.',
        undefined,
      );
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (response.ok) return parsed;
    if (response.status === 401) this.onUnauthorized();
    throw new ApiError(response.status, errorMessage(parsed, response), errorCode(parsed));
  }
}

/** @param {string} text */
function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Nest's error shape is {statusCode, error, message, code?}; validation errors carry a list of messages.
 * @param {unknown} body
 * @param {Response} response
 */
function errorMessage(body, response) {
  if (body && typeof body === 'object' && 'message' in body) {
    const { message } = /** @type {{message: unknown}} */ (body);
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string' && message) return message;
  }
  return `The coordinator answered ${response.status} ${response.statusText}.`;
}

/** @param {unknown} body */
function errorCode(body) {
  if (body && typeof body === 'object' && 'code' in body && typeof body.code === 'string') return body.code;
  return undefined;
}
