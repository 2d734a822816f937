import { canonicalJson, canonicalSha256 } from './canonical-json';

describe('canonicalJson', () => {
  it('spells equal values one way, whatever the key order', () => {
    const a = { rules: [{ id: 'x', kind: 'pii', kinds: ['email'] }], z: { b: 1, a: [2, { d: 3, c: 4 }] } };
    const b = { z: { a: [2, { c: 4, d: 3 }], b: 1 }, rules: [{ kinds: ['email'], kind: 'pii', id: 'x' }] };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe(
      '{"rules":[{"id":"x","kind":"pii","kinds":["email"]}],"z":{"a":[2,{"c":4,"d":3}],"b":1}}',
    );
    expect(canonicalSha256(a)).toBe(canonicalSha256(b));
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalSha256([1, 2])).not.toBe(canonicalSha256([2, 1]));
  });
});
