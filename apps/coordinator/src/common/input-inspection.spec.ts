import { describeInputProblem, inspectInput, MAX_INPUT_DEPTH } from './input-inspection';

describe(inspectInput.name, () => {
  it('accepts ordinary input of every JSON shape', () => {
    expect(inspectInput(undefined)).toBeUndefined();
    expect(inspectInput(null)).toBeUndefined();
    expect(inspectInput(42)).toBeUndefined();
    expect(inspectInput('ada@example.org')).toBeUndefined();
    expect(
      inspectInput({ regulation: 'gdpr', subject: { identities: [{ type: 'email', value: 'a@b.c' }] } }),
    ).toBeUndefined();
  });

  it('finds a NUL in a string, with the path to it', () => {
    expect(inspectInput('a\u0000b')).toEqual({ path: '', reason: 'nul' });
    expect(inspectInput({ reason: 'x\u0000' })).toEqual({ path: 'reason', reason: 'nul' });
    expect(inspectInput({ subject: { identities: [{ value: 'ok' }, { value: '\u0000' }] } })).toEqual({
      path: 'subject.identities[1].value',
      reason: 'nul',
    });
  });

  it('finds a NUL in a key, and leaves keys that are not field names out of the path', () => {
    expect(inspectInput({ 'bad\u0000key': 1 })).toEqual({ path: '…', reason: 'nul' });
    expect(inspectInput({ 'ada@example.org': { x: '\u0000' } })).toEqual({ path: '….x', reason: 'nul' });
  });

  it('refuses nesting deeper than the limit, however deep, without recursion', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(inspectInput(deep)).toMatchObject({ reason: 'depth' });

    let justDeepEnough: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i += 1) justDeepEnough = { a: justDeepEnough };
    expect(inspectInput(justDeepEnough)).toBeUndefined();
    expect(inspectInput({ a: justDeepEnough })).toMatchObject({ reason: 'depth' });
  });
});

describe(describeInputProblem.name, () => {
  it('names where the problem is but never the value', () => {
    expect(describeInputProblem('query', { path: 'q', reason: 'nul' })).toBe(
      'query q must not contain a NUL character (\\u0000)',
    );
    expect(describeInputProblem('path parameter', { path: '', reason: 'nul' })).toBe(
      'path parameter must not contain a NUL character (\\u0000)',
    );
    expect(describeInputProblem('body', { path: 'a.b', reason: 'depth' })).toBe(
      `body a.b is nested deeper than ${MAX_INPUT_DEPTH} levels`,
    );
  });
});
