// Synthetic employers, each with an identity its postings agree with: one industry, a home country and one to
// three of its cities, a size, and a name in the style of that country. The pool is fixed (built from a constant
// seed), so every data set draws from the same companies.

import { LOCATIONS } from './locations';
import { fnv1a, Random } from './random';

/** How big an employer is: it decides how many cities it hires in and how often it posts. */
export type CompanySize = 'startup' | 'scale-up' | 'mid-size' | 'enterprise';

/** One synthetic employer. */
export interface Company {
  readonly name: string;
  /** What it does, as a description's mission names it ("payments", "aged care"). */
  readonly industry: string;
  readonly country: string;
  /** `location` labels of the cities it hires in (Australian employers may also post "Remote Australia"). */
  readonly cities: readonly string[];
  readonly size: CompanySize;
}

/** Industries a general suffix ("Labs", "Group") may work in. */
const INDUSTRIES = [
  'payments',
  'healthcare',
  'logistics',
  'e-commerce',
  'renewable energy',
  'education',
  'insurance',
  'travel',
  'media streaming',
  'property',
  'agritech',
  'government services',
  'mining',
  'telecommunications',
  'gaming',
  'superannuation',
  'retail banking',
  'recruitment',
  'cyber security',
  'hospitality',
  'construction',
  'legal',
] as const;

const GENERAL_SUFFIXES = [
  'Labs',
  'Technologies',
  'Group',
  'Systems',
  'Digital',
  'Software',
  'Solutions',
  'Analytics',
];

/** Suffixes that name an industry, with the industries they fit. */
const INDUSTRY_SUFFIXES: readonly (readonly [suffix: string, industries: readonly string[]])[] = [
  ['Health', ['healthcare', 'aged care', 'medtech', 'telehealth', 'mental health']],
  [
    'Financial',
    ['payments', 'retail banking', 'insurance', 'superannuation', 'wealth management', 'lending'],
  ],
  ['Logistics', ['logistics', 'freight', 'supply chain', 'last-mile delivery']],
  ['Power', ['renewable energy', 'utilities', 'battery storage']],
  ['Studios', ['gaming', 'media streaming', 'digital publishing', 'advertising']],
  ['Learning', ['education', 'corporate training', 'early learning']],
  ['Travel', ['travel', 'hospitality']],
];

/**
 * First words of company names, in the style of each country (plants, birds, rivers and landmarks). Words that
 * real employers in these markets trade under are left out; test/companies.test.ts holds the list of known
 * collisions.
 */
const NAME_WORDS: Readonly<Record<string, readonly string[]>> = {
  Australia: [
    'Acacia',
    'Banksia',
    'Bluegum',
    'Wattle',
    'Ironbark',
    'Kookaburra',
    'Saltwater',
    'Coral',
    'Redgum',
    'Mallee',
    'Bilby',
    'Jacaranda',
    'Currawong',
    'Brolga',
    'Wombat',
    'Numbat',
    'Boab',
    'Spinifex',
    'Waratah',
    'Quokka',
    'Lorikeet',
    'Galah',
    'Kurrajong',
    'Bellbird',
    'Coolabah',
    'Bottlebrush',
    'Paperbark',
    'Stringybark',
    'Saltbush',
    'Jarrah',
    'Tuart',
    'Karri',
    'Grevillea',
    'Dingo Creek',
    'Lyrebird',
    'Echidna',
    'Wollemi',
  ],
  'United States': [
    'Redwood Bay',
    'Cascade Peak',
    'Lakeshore',
    'Prairie',
    'Bluebonnet',
    'Sierra Pine',
    'Alder',
    'Hudson Reach',
    'Catskill',
    'Mesa Verde',
    'Puget',
    'Bayview',
    'Ridgeline',
    'Cobblestone',
    'Chinook Pass',
    'Sagebrush',
  ],
  'United Kingdom': [
    'Pennine',
    'Ashdown',
    'Mersey',
    'Cotswold',
    'Hawthorn',
    'Bramble',
    'Wren',
    'Foxglove',
    'Irwell',
    'Heathfield',
    'Thamesbridge',
    'Kestrel Moor',
  ],
  Singapore: [
    'Merlion',
    'Straits',
    'Tembusu',
    'Kallang',
    'Bukit Timah',
    'Orchid Lane',
    'Kampong',
    'Sentosa Bay',
  ],
  Philippines: [
    'Bayanihan',
    'Luzon',
    'Visayas',
    'Mabuhay',
    'Sampaguita',
    'Narra',
    'Bagwis',
    'Kalayaan',
    'Pasig',
  ],
  Germany: ['Spreewerk', 'Havelblick', 'Lindenhof', 'Kranich', 'Eichenwald', 'Wannsee', 'Kiefernweg'],
  Netherlands: ['Gracht', 'Tulpveld', 'Polder', 'Zilvermeer', 'Dijkstraat', 'Molenwerf', 'Zeewind'],
  Canada: [
    'Maple Grove',
    'Muskoka',
    'Laurentian',
    'Borealis',
    'Caribou',
    'Tamarack',
    'Spruce Hill',
    'Bluejay',
  ],
  'New Zealand': ['Kowhai', 'Waitemata', 'Tui', 'Kauri', 'Rimu', 'Totara', 'Pohutukawa', 'Kea', 'Harakeke'],
};

/** How many employers each country has: roughly in proportion to its share of postings. */
const POOL_SIZE: Readonly<Record<string, number>> = {
  Australia: 420,
  'United States': 90,
  'United Kingdom': 60,
  Singapore: 36,
  Philippines: 30,
  Germany: 28,
  Netherlands: 20,
  Canada: 30,
  'New Zealand': 40,
};

/** Size mix and posting weight: bigger employers post more often and in more cities. */
const SIZES: readonly (readonly [CompanySize, share: number, postingWeight: number, maxCities: number])[] = [
  ['startup', 0.35, 1, 1],
  ['scale-up', 0.3, 1.5, 2],
  ['mid-size', 0.22, 2.5, 2],
  ['enterprise', 0.13, 4, 3],
];

/** The size for a uniform draw `u` in [0, 1): its name and how many cities it may hire in. */
function drawSize(u: number): [CompanySize, number] {
  let upTo = 0;
  for (const [size, share, , maxCities] of SIZES) {
    upTo += share;
    if (u < upTo) return [size, maxCities];
  }
  return ['enterprise', 3];
}

function buildPool(): Company[] {
  const pool: Company[] = [];
  const taken = new Set<string>();
  for (const [country, words] of Object.entries(NAME_WORDS)) {
    const rng = new Random(fnv1a(`companies:${country}`));
    const cities = LOCATIONS.filter((l) => l.country === country && !l.remoteOnly).map((l) => l.label);
    const want = POOL_SIZE[country] ?? 0;
    for (let made = 0, tries = 0; made < want && tries < want * 50; tries++) {
      const word = rng.pick(words);
      const industrySuffix = rng.next() < 0.3 ? rng.pick(INDUSTRY_SUFFIXES) : undefined;
      const suffix = industrySuffix ? industrySuffix[0] : rng.pick(GENERAL_SUFFIXES);
      const name = `${word} ${suffix}`;
      if (taken.has(name)) continue;
      taken.add(name);
      const industry = rng.pick(industrySuffix ? industrySuffix[1] : INDUSTRIES);
      const [sizeName, maxCities] = drawSize(rng.next());
      // The biggest cities first: a one-city employer is most likely in Sydney, Melbourne, London ...
      const count = Math.min(cities.length, 1 + rng.int(maxCities));
      const home: string[] = [];
      while (home.length < count) {
        const pickFrom = cities.slice(0, Math.max(2, Math.ceil(cities.length * 0.6)));
        const city = rng.next() < 0.7 ? rng.pick(pickFrom) : rng.pick(cities);
        if (!home.includes(city)) home.push(city);
      }
      pool.push({ name, industry, country, cities: home, size: sizeName });
      made++;
    }
  }
  return pool;
}

/** Every synthetic employer. */
export const COMPANIES: readonly Company[] = buildPool();

/** How often an employer of this size posts, relative to a startup. */
export function postingWeight(size: CompanySize): number {
  return SIZES.find(([s]) => s === size)?.[2] ?? 1;
}
