import { describe, expect, it } from 'vitest';
import { initiativeIdFor, nodeCodeFor, nodeIdFor } from './numbering.ts';

const none = () => false;

describe('nodeIdFor', () => {
  it.each([
    ['ai2022-p1-g1', ['ai2022-p1-g1-t1', 'ai2022-p1-g1-t2'], 'ai2022-p1-g1-t3'],
    ['ai2022', ['ai2022-p1', 'ai2022-p2', 'ai2022-p3'], 'ai2022-p4'],
    ['ai2022-p1-g1-t1', [], 'ai2022-p1-g1-t1-n1'],
    ['s', ['mimk2p8w0-00-k3j9x0a1bc'], 's-n1'],
    ['s', ['s-t09', 's-t10'], 's-t11'],
    ['s', ['s-t01'], 's-t02'],
  ])('under %s after %j: %s', (base, siblings, id) => {
    expect(nodeIdFor(base, siblings, none)).toBe(id);
  });

  it('skips ids already taken anywhere', () => {
    const taken = new Set(['s-t3', 's-t4']);
    expect(nodeIdFor('s', ['s-t1', 's-t2'], (id) => taken.has(id))).toBe('s-t5');
  });
});

describe('initiativeIdFor', () => {
  it('numbers after the highest, padded like the rest', () => {
    expect(initiativeIdFor('ai2022', ['ai2022-i01', 'ai2022-i29', 'x-i99'], none)).toBe('ai2022-i30');
    expect(initiativeIdFor('new', [], none)).toBe('new-i1');
    expect(initiativeIdFor('ai2022', ['ai2022-i09'], (id) => id === 'ai2022-i10')).toBe('ai2022-i11');
  });
});

describe('nodeCodeFor', () => {
  it.each([
    ['1.1', ['1.1.1', '1.1.2', '1.1.3'], '1.1.4'],
    ['1.1', [], '1.1.1'],
    ['', ['1', '2'], '3'],
    ['2', ['2.1', '2.3'], '2.4'],
    ['3', ['（1）', ''], '3.3'],
  ])('under %j after %j: %s', (parent, siblings, code) => {
    expect(nodeCodeFor(parent, siblings)).toBe(code);
  });
});
