import { SuppressionChecker } from './suppression-checker';

/** A coordinator that knows one erased email, and records what it was asked. */
function coordinator(status = 200) {
  const calls: { url: string; auth: string | null; identities: { type: string; value: string }[] }[] = [];
  const fetchFn = jest.fn(async (url: URL | string, init?: RequestInit) => {
    const { identities } = JSON.parse(String(init?.body)) as {
      identities: { type: string; value: string }[];
    };
    calls.push({ url: String(url), auth: new Headers(init?.headers).get('authorization'), identities });
    const results = identities.map((i) => ({ suppressed: i.value === 'gone@example.org' }));
    return new Response(JSON.stringify({ results }), { status });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe(SuppressionChecker.name, () => {
  it('batches concurrent calls into one request and answers each in order', async () => {
    const { calls, fetchFn } = coordinator();
    const checker = new SuppressionChecker({
      coordinatorUrl: 'http://lethe:3000',
      apiKey: 'k',
      fetch: fetchFn,
    });
    const answers = await Promise.all([
      checker.isSuppressed({ type: 'email', value: 'gone@example.org' }),
      checker.isSuppressed({ type: 'email', value: 'here@example.org' }),
    ]);
    expect(answers).toEqual([true, false]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: 'http://lethe:3000/v1/suppression/check', auth: 'Bearer k' });
    expect(calls[0].identities).toHaveLength(2);
  });

  it('answers from its cache within the TTL and asks again after it', async () => {
    const { calls, fetchFn } = coordinator();
    const checker = new SuppressionChecker({
      coordinatorUrl: 'http://lethe',
      apiKey: 'k',
      fetch: fetchFn,
      cacheTtlMs: 50,
    });
    const gone = { type: 'email' as const, value: 'gone@example.org' };
    await expect(checker.isSuppressed(gone)).resolves.toBe(true);
    await expect(checker.isSuppressed(gone)).resolves.toBe(true);
    expect(calls).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await expect(checker.isSuppressed(gone)).resolves.toBe(true);
    expect(calls).toHaveLength(2);
    checker.clearCache();
    await checker.isSuppressed(gone);
    expect(calls).toHaveLength(3);
  });

  it('rejects every caller of a failed batch and caches nothing, so the next call asks again', async () => {
    const failing = coordinator(503);
    const checker = new SuppressionChecker({
      coordinatorUrl: 'http://lethe',
      apiKey: 'k',
      fetch: failing.fetchFn,
    });
    await expect(checker.isSuppressed({ type: 'email', value: 'gone@example.org' })).rejects.toThrow(
      'HTTP 503',
    );
    await expect(checker.isSuppressed({ type: 'email', value: 'gone@example.org' })).rejects.toThrow(
      'HTTP 503',
    );
    expect(failing.calls).toHaveLength(2);
  });

  it('refuses an answer with the wrong number of results', async () => {
    const fetchFn = (async () => new Response(JSON.stringify({ results: [] }))) as unknown as typeof fetch;
    const checker = new SuppressionChecker({ coordinatorUrl: 'http://lethe', apiKey: 'k', fetch: fetchFn });
    await expect(checker.isSuppressed({ type: 'email', value: 'a@example.org' })).rejects.toThrow(
      'wrong number',
    );
  });
});
