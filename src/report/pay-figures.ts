// The published pay figures: salary medians and means by category, title, level and city, contract day rates,
// and city-to-city ratios. Sources: ../shared/reference/market-figures.md.

import { CONTRACT_DAYS } from '../data/salary-bands';
import type { MarketFigure, MarketRow } from './figure-kit';
import {
  at,
  audSalaried,
  australian,
  both,
  category,
  engineeringIn,
  inCountry,
  level,
  median,
  midpoint,
  perLevel,
  range,
  salaried,
  titled,
  value,
} from './figure-kit';

/** A contract's day rate: the midpoint of its annual-equivalent columns over the days a year they stand for. */
const dayRate = (r: MarketRow) => {
  const mid = midpoint(r);
  return mid === null ? null : mid / CONTRACT_DAYS;
};

/** The pay figures, in report order. */
export const PAY_FIGURES: readonly MarketFigure[] = [
  {
    label: 'AU engineering median',
    source: 'software programmers median 129,800 (Jobs and Skills Australia, occupation 2613)',
    target: value(129_800),
    measure: median(both(audSalaried, category('engineering'))),
  },
  {
    label: 'AU all postings median',
    source: 'ICT, all ads, median advertised 130,121 (SEEK Advertised Salary Index, Aug 2022)',
    target: value(130_121),
    measure: median(audSalaried),
  },
  {
    label: 'AU engineering and data, Junior median',
    source: 'computing graduates median about 74,400 (QILT 2023)',
    target: value(74_400),
    measure: median(
      both(audSalaried, level('Junior'), (r) => ['engineering', 'data'].includes(r.role_category)),
    ),
  },
  ...perLevel(
    'AU Data Scientist',
    'data scientist 78-100k / 110-140k / 140-180k / 180-215k (aitalentondemand.com.au)',
    both(audSalaried, titled(/Data Scientist/)),
    [
      ['Junior', range(78_000, 100_000)],
      ['Mid-level', range(110_000, 140_000)],
      ['Senior', range(140_000, 180_000)],
      ['Lead', range(180_000, 215_000)],
    ],
  ),
  {
    label: 'AU Cloud Architect mean',
    source: 'cloud architect (Azure/AWS) average advertised 150,909 (Indeed ads 2025)',
    target: value(150_909),
    measure: { kind: 'mean', value: midpoint, where: both(audSalaried, titled(/Cloud Architect/)) },
  },
  {
    label: 'AU Platform Engineer mean',
    source: 'platform engineer average advertised 139,917 (Indeed ads 2025)',
    target: value(139_917),
    measure: { kind: 'mean', value: midpoint, where: both(audSalaried, titled(/Platform Engineer/)) },
  },
  {
    label: 'AU quality assurance median',
    source: 'ICT support and test engineers median 114,500 (jobsandskills.gov.au, occupation 2632)',
    target: value(114_500),
    measure: median(both(audSalaried, category('quality_assurance'))),
  },
  {
    label: 'AU Junior Service Desk Analyst median',
    source: 'service desk analyst entry 65,000 (randstad.com.au)',
    target: value(65_000),
    measure: median(both(audSalaried, titled(/Service Desk/), level('Junior'))),
  },
  {
    label: 'AU Service Desk Analyst median',
    source: 'service desk analyst median 68,000 (randstad.com.au)',
    target: value(68_000),
    measure: median(both(audSalaried, titled(/Service Desk/))),
  },
  {
    label: 'AU IT Support mean',
    source: 'IT support average 73,000 (randstad.com.au)',
    target: value(73_000),
    measure: {
      kind: 'mean',
      value: midpoint,
      where: both(audSalaried, titled(/IT Support|Desktop Support/)),
    },
  },
  {
    label: 'AU support median',
    source: 'ICT support technicians median 77,900 (joboutlook.gov.au)',
    target: value(77_900),
    measure: median(both(audSalaried, category('support'))),
  },
  {
    label: 'AU sales on-target earnings median',
    source: 'ICT sales professionals median total pay 160,900 (labourmarketinsights.gov.au, occupation 2252)',
    target: value(160_900),
    measure: { kind: 'median', value: (r) => r.ote, where: both(audSalaried, category('sales')) },
  },
  {
    label: 'AU people managers median',
    source: 'ICT managers median 143,800 (joboutlook.gov.au)',
    target: value(143_800),
    measure: median(both(audSalaried, category('management'), (r) => !/Project Manager/.test(r.title))),
  },
  ...perLevel(
    'AU Scrum Master',
    'Scrum Master entry / mid / senior 130,000 / 150,000 / 170,000 (cirqlegroup.com)',
    both(audSalaried, titled(/Scrum Master/)),
    [
      ['Junior', value(130_000)],
      ['Mid-level', value(150_000)],
      ['Senior', value(170_000)],
    ],
  ),
  {
    label: 'AU Product Manager median',
    source: 'product manager average about 130,000 (RMIT Online 2023)',
    target: value(130_000),
    measure: median(both(audSalaried, titled(/Product Manager/))),
  },
  ...perLevel(
    'AU UX Designer',
    'UX designer early / mid / experienced 72,600 / 86,000 / 107,400 (Payscale)',
    both(audSalaried, titled(/UX Designer/)),
    [
      ['Junior', value(72_600)],
      ['Mid-level', value(86_000)],
      ['Senior', value(107_400)],
    ],
  ),
  {
    label: 'AU engineering contract day rate median',
    source: 'contractors 650-1,600 per day, developers (emanatetechnology.com.au)',
    target: range(650, 1_600),
    measure: {
      kind: 'median',
      value: dayRate,
      where: both(australian, category('engineering'), (r) => r.employment_type === 'contract'),
    },
  },
  {
    label: 'Melbourne : Sydney engineering median',
    source: 'city spread: Sydney = Melbourne (Glassdoor 2019)',
    target: value(1),
    measure: {
      kind: 'medianRatio',
      value: midpoint,
      top: engineeringIn(at('Melbourne, VIC')),
      bottom: engineeringIn(at('Sydney, NSW')),
    },
  },
  {
    label: 'Brisbane : Sydney engineering median',
    source: 'city spread: Brisbane about 0.84-0.90 of Sydney (Glassdoor 2019; Robert Half 2021)',
    target: range(0.84, 0.9),
    measure: {
      kind: 'medianRatio',
      value: midpoint,
      top: engineeringIn(at('Brisbane, QLD')),
      bottom: engineeringIn(at('Sydney, NSW')),
    },
  },
  {
    label: 'US engineering median (USD)',
    source: 'US software developers median 130,160 USD (BLS OES, May 2023)',
    target: value(130_160),
    measure: median(engineeringIn(inCountry('United States'))),
  },
  {
    label: 'San Francisco engineering median (USD)',
    source: 'San Francisco metro median 161,930 USD (BLS 2021)',
    target: value(161_930),
    measure: median(engineeringIn(at('San Francisco, CA'))),
  },
  ...perLevel(
    'London engineering (GBP)',
    'London software graduate / mid / senior 42,000 / 52,400 / 78,300 GBP (salaryscout.co.uk)',
    engineeringIn(at('London, UK')),
    [
      ['Junior', value(42_000)],
      ['Mid-level', value(52_400)],
      ['Senior', value(78_300)],
    ],
  ),
  ...perLevel(
    'Singapore engineering (SGD)',
    'Singapore software 40-70k / 70-120k / 120-180k / 180-300k SGD (NodeFlair)',
    engineeringIn(at('Singapore')),
    [
      ['Junior', range(40_000, 70_000)],
      ['Mid-level', range(70_000, 120_000)],
      ['Senior', range(120_000, 180_000)],
      ['Lead', range(180_000, 300_000)],
    ],
  ),
  {
    label: 'Manila engineering median (PHP)',
    source: 'Manila developers 720-960k PHP a year (olamee.com 2025)',
    target: range(720_000, 960_000),
    measure: median(engineeringIn(at('Manila, Philippines'))),
  },
  {
    label: 'Berlin engineering median (EUR)',
    source: 'Berlin software median 77,592 EUR (paybench.net, Jun 2026)',
    target: value(77_592),
    measure: median(engineeringIn(at('Berlin, Germany'))),
  },
  {
    label: 'Manila all postings median (PHP)',
    source: 'Manila all IT 658k PHP a year (salaryexplorer.com 2024)',
    target: value(658_000),
    measure: median(both(salaried, at('Manila, Philippines'))),
  },
  {
    label: 'Perth : Sydney engineering median',
    source: 'city spread: Perth below Sydney for some roles (Robert Half 2021)',
    target: { kind: 'atMost', value: 1 },
    measure: {
      kind: 'medianRatio',
      value: midpoint,
      top: engineeringIn(at('Perth, WA')),
      bottom: engineeringIn(at('Sydney, NSW')),
    },
  },
  {
    label: 'AU engineering mean',
    source: 'software engineer average, Glassdoor 130,000 (whatisthesalary.com, Mar 2026)',
    target: value(130_000),
    measure: { kind: 'mean', value: midpoint, where: both(audSalaried, category('engineering')) },
  },
  {
    label: 'AU engineering, Mid-level median',
    source: 'software developer, full-time, typical range 85,000-130,000 (paycontext.app 2026)',
    target: range(85_000, 130_000),
    measure: median(both(audSalaried, category('engineering'), level('Mid-level'))),
  },
  {
    label: 'AU Data Scientist median',
    source: 'data scientist median about 130,000 (Job Outlook 2025, via examexplained.com.au)',
    target: value(130_000),
    measure: median(both(audSalaried, titled(/Data Scientist/))),
  },
  {
    label: 'AU Service Desk, highest advertised',
    source: 'service desk analyst: experienced over 100,000 (randstad.com.au)',
    target: { kind: 'atLeast', value: 100_000 },
    measure: {
      kind: 'max',
      value: (r) => r.salary_max,
      where: both(audSalaried, titled(/Service Desk|Help Desk/)),
    },
  },
  {
    label: 'AU desktop support contract day rate median',
    source: 'desktop support L2 350-410 a day (Hays Technology Contractor Rates 2022)',
    target: range(350, 410),
    measure: {
      kind: 'median',
      value: dayRate,
      where: both(australian, titled(/Desktop Support/), (r) => r.employment_type === 'contract'),
    },
  },
  {
    label: 'New Zealand Scrum Master median (NZD)',
    source: 'New Zealand Scrum Master 120,000-170,000 NZD (careers.govt.nz 2022)',
    target: range(120_000, 170_000),
    measure: median(both(salaried, inCountry('New Zealand'), titled(/Scrum Master/))),
  },
];
