// Title families whose ads must name skills of their kind: a machine learning engineer lists machine learning
// skills and a data scientist modelling and statistics, whatever stack the title carries. The generator leads
// with two of the family's skills; the market check measures the share of each family's ads with one.

/** A kind of title and the skills its ads are expected to name. */
export interface TitleFamily {
  /** As the market check prints it. */
  readonly name: string;
  readonly pattern: RegExp;
  /** Skills of the family; every ad of it lists at least one. */
  readonly skills: readonly string[];
}

export const TITLE_FAMILIES: readonly TitleFamily[] = [
  {
    name: 'Machine Learning Engineer',
    pattern: /Machine Learning|\bML\b|MLOps/,
    skills: ['Machine Learning', 'PyTorch', 'TensorFlow', 'MLOps', 'Deep Learning', 'Model Deployment'],
  },
  {
    name: 'Data Scientist',
    pattern: /Data Scientist/,
    skills: [
      'Statistics',
      'Machine Learning',
      'Statistical Modelling',
      'scikit-learn',
      'Experimentation',
      'Predictive Modelling',
      'R',
    ],
  },
];

/** The family of a title, or undefined. */
export function familyOf(title: string): TitleFamily | undefined {
  return TITLE_FAMILIES.find((f) => f.pattern.test(title));
}
