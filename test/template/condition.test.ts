import { describe, expect, it } from 'vitest';
import { displayParts, evaluateCondition, evaluateConditionAtRunTime, evaluateDeferredCondition, isTruthy } from '../../src/template/index.js';
import { makeContext } from './context.js';

const ctx = makeContext({ params: { host: 'master-0', on: true, off: false, no: 'no', zero: 0, list: [], wanted: 'leader', text: "it's" } });
const value = (e: string | boolean) => {
  const r = evaluateCondition(e, ctx);
  if (!('value' in r)) throw new Error(`deferred: ${JSON.stringify(r.deferred)}`);
  return r.value;
};
const deferred = (e: string) => {
  const r = evaluateCondition(e, ctx);
  if (!('deferred' in r)) throw new Error(`known: ${r.value}`);
  return r.deferred;
};

describe('conditions known at compile time', () => {
  it('evaluates ==, !=, not, and, or, parentheses', () => {
    expect(value("params.host == 'master-0'")).toBe(true);
    expect(value("{{ params.host != 'master-0' }}")).toBe(false);
    expect(value('not params.off')).toBe(true);
    expect(value('params.on and not params.off')).toBe(true);
    expect(value('params.off or params.zero or params.no')).toBe(false);
    expect(value("not (params.on and params.host == 'x')")).toBe(true);
    expect(value('not not params.on')).toBe(true);
    expect(value('params.zero == 0 and params.on == true')).toBe(true);
    expect(value("groups.etcd | join(',') == 'master-0,master-1'")).toBe(true);
    expect(value(true)).toBe(true);
    expect(value('false')).toBe(false);
  });

  it('uses opsctl truthiness', () => {
    for (const v of [false, '', 'false', 'no', '0', 0, null, undefined, [], 'No', ' FALSE ']) expect(isTruthy(v)).toBe(false);
    for (const v of [true, 'yes', 'x', 1, ['a'], {}]) expect(isTruthy(v)).toBe(true);
    expect(value('params.list')).toBe(false);
    expect(value('groups.etcd')).toBe(true);
  });

  it('short-circuits so run-time values are not needed when the answer is known', () => {
    expect(value("params.off and captures.role == 'leader'")).toBe(false);
    expect(value("captures.role == 'leader' or params.on")).toBe(true);
  });
});

describe('conditions deferred to run time', () => {
  it('folds compile-time values into residual text', () => {
    expect(deferred("params.on and captures.role == params.wanted")).toEqual(["captures.role == 'leader'"]);
    expect(deferred("{{ captures.role != params.text and member.name == 'etcd-0' }}")).toEqual(["captures.role != 'it\\'s'"]);
    expect(deferred('captures.count | default(0) == params.zero or captures.x')).toEqual(['captures.count | default(0) == 0 or captures.x']);
    expect(deferred('params.on and captures.ready')).toEqual(['captures.ready and true']);
    expect(deferred("not params.awsSecret == ''")).toEqual(["not params.awsSecret == ''"]);
    expect(displayParts(deferred("captures.role == groups.etcd"))).toBe("captures.role == 'master-0,master-1'");
  });

  it('treats a var that is one capture as that capture', () => {
    const withVar = makeContext({ vars: { role: '{{ captures.role | trim }}' } });
    const r = evaluateCondition("vars.role == 'leader'", withVar);
    expect(r).toEqual({ deferred: ["captures.role | trim == 'leader'"] });
  });

  it('evaluates residual text with only captures and secrets', () => {
    const parts = deferred('params.on and captures.role == params.wanted');
    expect(evaluateDeferredCondition(parts, { captures: { role: 'leader' }, secrets: {} })).toBe(true);
    expect(evaluateDeferredCondition(parts, { captures: { role: 'follower' }, secrets: {} })).toBe(false);
    const text = deferred('captures.count | default(0) == params.zero or captures.x')[0] as string;
    expect(evaluateConditionAtRunTime(text, { captures: { x: 'no' } })).toBe(true);
    expect(evaluateConditionAtRunTime(text, { captures: { count: '3', x: 'no' } })).toBe(false);
    expect(evaluateConditionAtRunTime(text, { captures: { count: '3', x: 'yes' } })).toBe(true);
    expect(evaluateConditionAtRunTime("not params.awsSecret == ''", { captures: {}, secrets: { awsSecret: 'k' } })).toBe(true);
  });

  it('accepts a raw when: with a partial context at run time', () => {
    expect(evaluateConditionAtRunTime("captures.role == 'leader' and host == 'master-0'", { captures: { role: 'leader' }, locals: { host: 'master-0' } })).toBe(true);
    expect(evaluateConditionAtRunTime("{{ captures.n == params.n }}", { captures: { n: '2' }, params: { n: 2 } })).toBe(true);
    expect(() => evaluateConditionAtRunTime("captures.role == 'x'", { captures: {} })).toThrow(/never captured/);
  });

  it('rejects conditions that are not one expression', () => {
    expect(() => evaluateCondition("{{ params.host }} == 'x'", ctx)).toThrow(/one expression/);
    expect(() => evaluateCondition('params.host params.on', ctx)).toThrow(/unexpected text after the condition/);
  });
});
