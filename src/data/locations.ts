/** Where postings are advertised, and the currency each place pays in. */

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
}

const au = (label: string) =>
  ({ label, country: 'Australia', currency: 'AUD', australian: true, remoteOnly: false }) as const;

/** Every location a posting may name: Australian cities and "Remote Australia" first, then international ones. */
export const LOCATIONS = [
  au('Sydney, NSW'),
  au('Melbourne, VIC'),
  au('Brisbane, QLD'),
  au('Perth, WA'),
  au('Adelaide, SA'),
  au('Canberra, ACT'),
  au('Hobart, TAS'),
  au('Gold Coast, QLD'),
  { label: 'Remote Australia', country: 'Australia', currency: 'AUD', australian: true, remoteOnly: true },
  {
    label: 'San Francisco, CA',
    country: 'United States',
    currency: 'USD',
    australian: false,
    remoteOnly: false,
  },
  { label: 'New York, NY', country: 'United States', currency: 'USD', australian: false, remoteOnly: false },
  { label: 'Austin, TX', country: 'United States', currency: 'USD', australian: false, remoteOnly: false },
  { label: 'Seattle, WA', country: 'United States', currency: 'USD', australian: false, remoteOnly: false },
  { label: 'London, UK', country: 'United Kingdom', currency: 'GBP', australian: false, remoteOnly: false },
  {
    label: 'Manchester, UK',
    country: 'United Kingdom',
    currency: 'GBP',
    australian: false,
    remoteOnly: false,
  },
  { label: 'Singapore', country: 'Singapore', currency: 'SGD', australian: false, remoteOnly: false },
  {
    label: 'Manila, Philippines',
    country: 'Philippines',
    currency: 'PHP',
    australian: false,
    remoteOnly: false,
  },
  { label: 'Berlin, Germany', country: 'Germany', currency: 'EUR', australian: false, remoteOnly: false },
  {
    label: 'Amsterdam, Netherlands',
    country: 'Netherlands',
    currency: 'EUR',
    australian: false,
    remoteOnly: false,
  },
  { label: 'Toronto, Canada', country: 'Canada', currency: 'CAD', australian: false, remoteOnly: false },
  {
    label: 'Auckland, New Zealand',
    country: 'New Zealand',
    currency: 'NZD',
    australian: false,
    remoteOnly: false,
  },
  {
    label: 'Wellington, New Zealand',
    country: 'New Zealand',
    currency: 'NZD',
    australian: false,
    remoteOnly: false,
  },
] as const satisfies readonly Location[];
/** The `location` value of one of {@link LOCATIONS}. */
export type LocationLabel = (typeof LOCATIONS)[number]['label'];

const LOCATION_BY_LABEL: ReadonlyMap<string, Location> = new Map(LOCATIONS.map((l) => [l.label, l]));

/** The location with this label, or undefined when the vocabulary does not know it. */
export function locationOf(label: string): Location | undefined {
  return LOCATION_BY_LABEL.get(label);
}
