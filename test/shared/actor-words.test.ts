import { describe, expect, it } from 'vitest';
import { actorWords } from '../../src/shared/actor-words';

describe('who acted, in words', () => {
  it('names the shells and rules as an operator reads them', () => {
    expect(actorWords('browser')).toBe('the web console');
    expect(actorWords('rule:ServiceDown')).toBe('rule ServiceDown');
    expect(actorWords('alice')).toBe('alice');
  });

  it('reads a token call without nesting brackets inside a reason', () => {
    expect(actorWords('alice (token ci)')).toBe('alice with token ci');
    expect(`stopped (stopped by ${actorWords('owner (token api-token)')})`).toBe('stopped (stopped by owner with token api-token)');
  });
});
