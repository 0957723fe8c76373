import { CURATED_POSTINGS } from '../src/data/curated';
import { postingProblems } from '../src/data/validate-posting';

/** Issue 14, case 10: salaries with cents are valid however binary floating point writes value * 100. */
describe('salary decimals', () => {
  const posting = CURATED_POSTINGS[0];
  const withMin = (salary_min: number) => postingProblems({ ...posting, salary_min, salary_max: 9_999_999 });

  test.each([10.05, 0.07, 1.1, 4.35, 1_234_567.89, 100_000, 99_999.99])('%d is valid', (salary) => {
    expect(withMin(salary)).toEqual([]);
  });

  test.each([10.005, 100_000.123, 0.001])('%d has more than 2 decimal places', (salary) => {
    expect(withMin(salary)).toEqual(['salary_min: has more than 2 decimal places']);
  });
});
