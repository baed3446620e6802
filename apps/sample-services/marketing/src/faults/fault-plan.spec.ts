import { FaultPlan } from './fault-plan';

describe(FaultPlan.name, () => {
  it('fails every try of the next N commands, then lets commands through', () => {
    const plan = new FaultPlan({ failNext: 2, retriable: true, latencyMs: 0 });
    // three local tries of command a, then of b: each command spends one failure however often it is tried
    for (const commandId of ['a', 'a', 'a', 'b', 'b', 'b']) {
      expect(plan.decide(commandId)).toEqual({ delayMs: 0, failure: { retriable: true } });
    }
    expect(plan.decide('c')).toEqual({ delayMs: 0 });
    expect(plan.decide('a')).toEqual({ delayMs: 0, failure: { retriable: true } });
    expect(plan.settings()).toEqual({ failNext: 0, retriable: true, latencyMs: 0 });
  });

  it('reports permanent failures when told to', () => {
    const plan = new FaultPlan({ failNext: 1, retriable: false, latencyMs: 0 });
    expect(plan.decide('a').failure).toEqual({ retriable: false });
  });

  it('replaces the plan when reconfigured, so failing commands recover', () => {
    const plan = new FaultPlan({ failNext: 1, retriable: true, latencyMs: 0 });
    expect(plan.decide('a').failure).toBeDefined();
    plan.failNextCommands(1, false);
    expect(plan.decide('a')).toEqual({ delayMs: 0, failure: { retriable: false } });
    plan.failNextCommands(0, true);
    expect(plan.decide('a')).toEqual({ delayMs: 0 });
    expect(plan.decide('b')).toEqual({ delayMs: 0 });
  });

  it('adds its latency to every call, failing or not', () => {
    const plan = new FaultPlan({ failNext: 1, retriable: true, latencyMs: 0 });
    plan.slowDown(250);
    expect(plan.decide('a')).toEqual({ delayMs: 250, failure: { retriable: true } });
    expect(plan.decide('b')).toEqual({ delayMs: 250 });
    expect(plan.settings()).toEqual({ failNext: 0, retriable: true, latencyMs: 250 });
  });

  it('forgets the oldest failing commands beyond a thousand', () => {
    const plan = new FaultPlan({ failNext: 1_001, retriable: true, latencyMs: 0 });
    for (let i = 0; i <= 1_000; i++) plan.decide(`c${i}`);
    expect(plan.decide('c0')).toEqual({ delayMs: 0 });
    expect(plan.decide('c1000').failure).toBeDefined();
  });
});
