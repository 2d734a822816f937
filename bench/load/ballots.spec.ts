import { ballots, votersUsed } from './ballots';

describe('ballots', () => {
  it('spreads votes evenly, with consecutive votes on different decisions', () => {
    const planned = ballots(30, 10, 0);
    const perDecision = new Map<number, number>();
    for (const b of planned) perDecision.set(b.decision, (perDecision.get(b.decision) ?? 0) + 1);
    expect([...perDecision.values()]).toEqual(Array(10).fill(3));
    planned.slice(1).forEach((b, i) => expect(b.decision).not.toBe(planned[i].decision));
  });

  it('never has a voter vote twice on one decision, and uses the voters it says', () => {
    const planned = ballots(25, 10, 7);
    expect(new Set(planned.map((b) => `${b.decision}:${b.voter}`)).size).toBe(25);
    expect(new Set(planned.map((b) => b.voter))).toEqual(new Set([7, 8, 9]));
    expect(votersUsed(25, 10)).toBe(3);
  });

  it('leaves later decisions short when the votes do not divide evenly', () => {
    const planned = ballots(12, 5, 0);
    expect(planned.filter((b) => b.decision === 1)).toHaveLength(3);
    expect(planned.filter((b) => b.decision === 4)).toHaveLength(2);
  });
});
