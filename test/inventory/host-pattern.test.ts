import { describe, expect, it } from 'vitest';
import { expandHostRange, splitHostPort } from '../../src/inventory/host-pattern.js';

describe('expandHostRange', () => {
  it.each([
    ['master-[0:2].example.com', ['master-0.example.com', 'master-1.example.com', 'master-2.example.com']],
    ['node[01:03]', ['node01', 'node02', 'node03']],
    ['node[8:10]', ['node8', 'node9', 'node10']],
    ['n[:1]', ['n0', 'n1']],
    ['x[A:C]', ['xA', 'xB', 'xC']],
    ['x[a:e:2]', ['xa', 'xc', 'xe']],
    ['plain.example.com', ['plain.example.com']],
  ])('%s', (pattern, hosts) => {
    expect(expandHostRange(pattern)).toEqual({ hosts });
  });

  it.each([
    ['n[0:]', 1, 'the range needs an end value'],
    ['n[0:2:0]', 1, 'step must be a positive integer'],
    ['n[0-2]', 1, 'expected [start:end] or [start:end:step]'],
    ['n[0:2', 1, 'unclosed "["'],
    ['n[0:1]x[3:2]', 7, 'start 3 is greater than end 2'],
    ['n[0:99999999]', 1, 'expands to more than 10000 hosts'],
  ])('%s is an error at offset %i', (pattern, offset, message) => {
    const r = expandHostRange(pattern);
    expect(r).toMatchObject({ offset });
    expect('error' in r && r.error).toContain(message);
  });
});

describe('splitHostPort', () => {
  it.each([
    ['h:22', { name: 'h', port: 22 }],
    ['m-[0:2]:2222', { name: 'm-[0:2]', port: 2222 }],
    ['m-[0:2]', { name: 'm-[0:2]' }],
    ['fe80::1', { name: 'fe80::1' }],
  ])('%s', (token, expected) => expect(splitHostPort(token)).toEqual(expected));
});
