import { completionSlack, inputOnlyBounds, reportedFigures, usageBounds, usageProblem } from './usage-check';

const usage = (p: number, c: number, cached = 0, reasoning = 0) => ({ prompt_tokens: p, completion_tokens: c, total_tokens: p + c, cached_tokens: cached, reasoning_tokens: reasoning });

describe('usage check', () => {
  it('bounds completion by the request cap plus slack, max_completion_tokens first, else by the ceiling', () => {
    expect(completionSlack(100)).toBe(17);
    expect(usageBounds({ max_tokens: 100 }, 1000)).toEqual({ prompt: 1000, completion: 117 });
    expect(usageBounds({ max_tokens: 100, max_completion_tokens: 200 }, 1000)).toEqual({ prompt: 1000, completion: 218 });
    expect(usageBounds({ max_tokens: null }, 1000)).toEqual({ prompt: 1000, completion: 1000 });
    expect(usageBounds({ max_tokens: 5000 }, 1000).completion).toBe(1000);
  });

  it('an input-only request (embeddings) may report no completion tokens at all', () => {
    expect(usageProblem(usage(12, 0), inputOnlyBounds(1000))).toBeNull();
    expect(usageProblem(usage(12, 1), inputOnlyBounds(1000))).toBe('completion_tokens above 0');
    expect(usageProblem(usage(1001, 0), inputOnlyBounds(1000))).toBe('prompt_tokens above 1000');
  });

  it.each([
    [usage(-5, 1), 'prompt_tokens is not a non-negative integer'],
    [usage(1, 1.5), 'completion_tokens is not a non-negative integer'],
    [usage(Number.NaN, 1), 'prompt_tokens is not a non-negative integer'],
    [usage(1001, 1), 'prompt_tokens above 1000'],
    [usage(1, 118), 'completion_tokens above 117'],
    [usage(10, 1, 11), 'cached_tokens above prompt_tokens'],
    [usage(10, 1, 0, 2), 'reasoning_tokens above completion_tokens'],
  ])('distrusts %j', (figures, problem) => {
    expect(usageProblem(figures, { prompt: 1000, completion: 117 })).toBe(problem);
  });

  it('trusts figures within the bounds whatever total_tokens says', () => {
    expect(usageProblem({ ...usage(1000, 117, 1000, 117), total_tokens: Number.NaN }, { prompt: 1000, completion: 117 })).toBeNull();
  });

  it('spells out NaN for the log line', () => {
    expect(reportedFigures(usage(Number.NaN, 5e9))).toMatchObject({ prompt_tokens: 'NaN', completion_tokens: 5e9 });
  });
});
