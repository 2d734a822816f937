import { median, percentile, pipelineSample, timedSample } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles and medians', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('rates timed operations over the whole span, with their latencies', () => {
    expect(timedSample(50, 1000, 3000, [10, 20, 30, 40])).toEqual({ perSecond: 25, p50Ms: 20, p99Ms: 40 });
  });

  it('rates a pipeline from the first send to the last completion', () => {
    const sent = new Map([
      ['a', 0],
      ['b', 100],
    ]);
    const done = new Map([
      ['a', 500],
      ['b', 1000],
    ]);
    expect(pipelineSample(0, sent, done)).toEqual({ perSecond: 2, p50Ms: 500, p99Ms: 900 });
    expect(() => pipelineSample(0, sent, new Map([['a', 1]]))).toThrow('item b has no completion time');
  });
});
