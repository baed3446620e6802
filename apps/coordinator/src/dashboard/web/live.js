// @ts-check
/**
 * The coordinator's live updates (GET /v1/live, server-sent events), read with fetch so that the API key travels
 * in the Authorization header like every other call — EventSource cannot send headers, and a key in a URL ends up
 * in logs. Reconnects by itself with backoff; the server ends each stream after a while so the key is checked
 * again.
 */

/** @typedef {'connecting' | 'live' | 'reconnecting' | 'offline'} LiveState */
/** @typedef {{type: string, data: any}} LiveEvent */

/** No byte for this long (the server sends a comment every 20 s) means the connection is dead. */
const SILENCE_LIMIT_MS = 60_000;
const MAX_BACKOFF_MS = 15_000;

export class LiveConnection {
  /**
   * @param {{key: string, onEvent: (event: LiveEvent) => void, onState: (state: LiveState) => void,
   *   onUnauthorized: () => void}} options
   */
  constructor(options) {
    this.options = options;
    this.stopped = false;
    /** @type {AbortController | undefined} */
    this.controller = undefined;
  }

  start() {
    void this.run();
  }

  stop() {
    this.stopped = true;
    this.controller?.abort();
  }

  async run() {
    let failures = 0;
    let reconnectDelay = 2000;
    while (!this.stopped) {
      this.options.onState(failures === 0 ? 'connecting' : 'reconnecting');
      const startedAt = Date.now();
      try {
        const outcome = await this.readOnce((retry) => (reconnectDelay = retry));
        if (outcome === 'unauthorized') {
          this.options.onUnauthorized();
          return;
        }
        // a stream that ran for a while and ended normally (its lifetime is up) is followed at once
        failures = Date.now() - startedAt > 10_000 ? 0 : failures + 1;
      } catch {
        if (this.stopped) return;
        failures++;
      }
      if (this.stopped) return;
      this.options.onState(failures >= 3 ? 'offline' : 'reconnecting');
      const wait = failures === 0 ? 250 : Math.min(MAX_BACKOFF_MS, reconnectDelay * 2 ** (failures - 1));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * @param {(retry: number) => void} onRetry
   * @returns {Promise<'ended' | 'unauthorized'>}
   */
  async readOnce(onRetry) {
    const controller = new AbortController();
    this.controller = controller;
    const response = await fetch('/v1/live', {
      headers: { Authorization: `Bearer ${this.options.key}`, Accept: 'text/event-stream' },
      cache: 'no-store',
      signal: controller.signal,
    });
    if (response.status === 401) return 'unauthorized';
    if (!response.ok || !response.body) throw new Error(`live updates answered ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let watchdog;
    const resetWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller.abort(), SILENCE_LIMIT_MS);
    };
    resetWatchdog();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return 'ended';
        resetWatchdog();
        buffer += decoder.decode(value, { stream: true });
        const blocks = buffer.split(/\r?\n\r?\n/);
        buffer = blocks.pop() ?? '';
        for (const block of blocks) this.dispatch(block, onRetry);
      }
    } finally {
      clearTimeout(watchdog);
    }
  }

  /**
   * One SSE event block: `event:`, `data:`, `id:` and `retry:` lines; lines starting with `:` are comments.
   * @param {string} block
   * @param {(retry: number) => void} onRetry
   */
  dispatch(block, onRetry) {
    let type = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
    }
    if (data.length === 0) return;
    let parsed;
    try {
      parsed = JSON.parse(data.join('\n'));
    } catch {
      return;
    }
    if (type === 'ready') this.options.onState('live');
    this.options.onEvent({ type, data: parsed });
  }
}
