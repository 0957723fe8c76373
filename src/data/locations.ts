// Where postings are advertised, the currency each place pays in, and how its pay compares within the country.

/** ISO 4217 codes of the locations' currencies. */
export const CURRENCIES = ['AUD', 'USD', 'GBP', 'SGD', 'PHP', 'EUR', 'CAD', 'NZD'] as const;
/** One of {@link CURRENCIES}. */
export type Currency = (typeof CURRENCIES)[number];

/** A place a posting can be advertised for. */
export interface Location {
  /** The `location` value, verbatim ("Sydney, NSW", "Remote Australia"). */
  readonly label: string;
  readonly country: string;
  /** The currency its salaries are advertised in. */
  readonly currency: Currency;
  readonly australian: boolean;
  /** True for "Remote Australia": the only sensible work setup there is `remote`. */
  readonly remoteOnly: boolean;
  /** The city as a sentence names it: "Sydney", "Gold Coast". */
  readonly city: string;
  /** "in Sydney", "on the Gold Coast". */
  readonly inCity: string;
  /** Pay relative to the country's best-paid city (see {@link CITY_PAY}). */
  readonly pay: number;
  /** Standard-time offset from UTC in minutes (Sydney +600): where its business hours fall. */
  readonly utcOffset: number;
}

/**
 * City pay factors within a country. Market figures, "city spread": Sydney = Melbourne, Brisbane about
 * 0.84-0.90 of Sydney, Perth below Sydney (Glassdoor 2019, Robert Half 2021: old and thin); Adelaide, Hobart,
 * the Gold Coast and Canberra have no source and sit with Brisbane or just under Sydney. US: BLS puts the San
 * Francisco median (161,930) 1.24x the national one (130,160); Seattle and New York above Austin follow the
 * Levels.fyi heat map. UK: London above the rest (ONS-based London figures; Manchester has no source). No source
 * for NZ, Canada, Germany or the Netherlands: their single or two cities stay level.
 */
const CITY_PAY: Readonly<Record<string, number>> = {
  'Sydney, NSW': 1,
  'Melbourne, VIC': 1,
  'Brisbane, QLD': 0.87,
  'Perth, WA': 0.92,
  'Adelaide, SA': 0.86,
  'Canberra, ACT': 0.96,
  'Hobart, TAS': 0.84,
  'Gold Coast, QLD': 0.85,
  'Remote Australia': 0.95,
  'San Francisco, CA': 1.2,
  'Seattle, WA': 1.1,
  'New York, NY': 1.05,
  'Austin, TX': 0.9,
  'London, UK': 1.1,
  'Manchester, UK': 0.85,
  'Wellington, New Zealand': 0.97,
};

/** Standard-time UTC offsets in minutes; daylight saving is left out (an hour either way keeps an ad in office hours). */
const UTC_OFFSET: Readonly<Record<string, number>> = {
  'Adelaide, SA': 570,
  'Perth, WA': 480,
  'San Francisco, CA': -480,
  'Seattle, WA': -480,
  'New York, NY': -300,
  'Austin, TX': -360,
  'Toronto, Canada': -300,
  'London, UK': 0,
  'Manchester, UK': 0,
  Singapore: 480,
  'Manila, Philippines': 480,
  'Berlin, Germany': 60,
  'Amsterdam, Netherlands': 60,
  'Auckland, New Zealand': 720,
  'Wellington, New Zealand': 720,
};

function place(label: string, country: string, currency: Currency, city?: string): Location {
  const name = city ?? label.split(',')[0];
  return {
    label,
    country,
    currency,
    australian: country === 'Australia',
    remoteOnly: label === 'Remote Australia',
    city: name,
    inCity: name === 'Gold Coast' ? 'on the Gold Coast' : `in ${name}`,
    pay: CITY_PAY[label] ?? CITY_PAY[name] ?? 1,
    utcOffset: UTC_OFFSET[label] ?? 600,
  };
}

/** Every location a posting may name: Australian cities and "Remote Australia" first, then international ones. */
export const LOCATIONS: readonly Location[] = [
  place('Sydney, NSW', 'Australia', 'AUD'),
  place('Melbourne, VIC', 'Australia', 'AUD'),
  place('Brisbane, QLD', 'Australia', 'AUD'),
  place('Perth, WA', 'Australia', 'AUD'),
  place('Adelaide, SA', 'Australia', 'AUD'),
  place('Canberra, ACT', 'Australia', 'AUD'),
  place('Hobart, TAS', 'Australia', 'AUD'),
  place('Gold Coast, QLD', 'Australia', 'AUD'),
  place('Remote Australia', 'Australia', 'AUD', 'Australia'),
  place('San Francisco, CA', 'United States', 'USD'),
  place('New York, NY', 'United States', 'USD'),
  place('Austin, TX', 'United States', 'USD'),
  place('Seattle, WA', 'United States', 'USD'),
  place('London, UK', 'United Kingdom', 'GBP'),
  place('Manchester, UK', 'United Kingdom', 'GBP'),
  place('Singapore', 'Singapore', 'SGD'),
  place('Manila, Philippines', 'Philippines', 'PHP'),
  place('Berlin, Germany', 'Germany', 'EUR'),
  place('Amsterdam, Netherlands', 'Netherlands', 'EUR'),
  place('Toronto, Canada', 'Canada', 'CAD'),
  place('Auckland, New Zealand', 'New Zealand', 'NZD'),
  place('Wellington, New Zealand', 'New Zealand', 'NZD'),
];

const LOCATION_BY_LABEL: ReadonlyMap<string, Location> = new Map(LOCATIONS.map((l) => [l.label, l]));

/** The location with this label, or undefined when the vocabulary does not know it. */
export function locationOf(label: string): Location | undefined {
  return LOCATION_BY_LABEL.get(label);
}

/** Locations. No source for the split between cities: weighted by the size of each city's tech job market. */
export const LOCATION_WEIGHTS: Readonly<Record<string, number>> = {
  'Sydney, NSW': 22,
  'Melbourne, VIC': 18,
  'Brisbane, QLD': 9,
  'Perth, WA': 5,
  'Adelaide, SA': 4,
  'Canberra, ACT': 5,
  'Hobart, TAS': 1.5,
  'Gold Coast, QLD': 1.5,
  'Remote Australia': 2,
  'San Francisco, CA': 4,
  'New York, NY': 4,
  'Austin, TX': 2,
  'Seattle, WA': 2,
  'London, UK': 5,
  'Manchester, UK': 2,
  Singapore: 4,
  'Manila, Philippines': 3,
  'Berlin, Germany': 3,
  'Amsterdam, Netherlands': 2,
  'Toronto, Canada': 3,
  'Auckland, New Zealand': 3,
  'Wellington, New Zealand': 2,
};

/** The countries of {@link LOCATIONS}, in order. */
export const COUNTRIES: readonly string[] = [...new Set(LOCATIONS.map((l) => l.country))];
