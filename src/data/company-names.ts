// What synthetic employers are called and what they do: name words in the style of each country, suffixes,
// and industries, with the ones that only exist in one country (superannuation, aged care and NDIS disability
// services are Australian terms) and the public-sector industries whose ads ask for a security clearance.

/** Industries a general suffix ("Labs", "Group") may work in. */
export const INDUSTRIES = [
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
  'mining',
  'telecommunications',
  'gaming',
  'retail banking',
  'recruitment',
  'cyber security',
  'hospitality',
  'construction',
  'legal',
] as const;

export const GENERAL_SUFFIXES = [
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
export const INDUSTRY_SUFFIXES: readonly (readonly [suffix: string, industries: readonly string[]])[] = [
  [
    'Health',
    ['healthcare', 'aged care', 'NDIS disability support', 'medtech', 'telehealth', 'mental health'],
  ],
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
export const NAME_WORDS: Readonly<Record<string, readonly string[]>> = {
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

/**
 * Second words for names once a country's "word suffix" names run out ("Banksia Creek Software"): places,
 * in the country's style.
 */
export const SECOND_WORDS: Readonly<Record<string, readonly string[]>> = {
  Australia: [
    'Creek',
    'Ridge',
    'Bay',
    'Point',
    'Range',
    'Reef',
    'Plains',
    'Gully',
    'Hill',
    'Springs',
    'Flat',
  ],
  'United States': ['Ridge', 'Harbor', 'Valley', 'Point', 'Crossing', 'Falls', 'Canyon', 'Grove', 'Hollow'],
  'United Kingdom': ['Vale', 'Fell', 'Moor', 'Cross', 'Green', 'Downs', 'Brook', 'Combe'],
  Singapore: ['Quay', 'Hill', 'Point', 'Park', 'Bay', 'Garden'],
  Philippines: ['Bay', 'Heights', 'Point', 'Valley', 'Hills', 'Park'],
  Germany: ['Nord', 'West', 'Ost', 'Süd', 'Mitte', 'Hafen'],
  Netherlands: ['Noord', 'West', 'Oost', 'Zuid', 'Haven', 'Brug'],
  Canada: ['Ridge', 'Harbour', 'Valley', 'Point', 'Lake', 'Falls', 'Bay'],
  'New Zealand': ['Bay', 'Ridge', 'Point', 'Valley', 'Sound', 'Hill', 'Stream'],
};

/** Industries that are one country's term, with that country: an employer elsewhere never has them. */
export const COUNTRY_INDUSTRIES: Readonly<Record<string, string>> = {
  superannuation: 'Australia',
  'aged care': 'Australia',
  'NDIS disability support': 'Australia',
};

/**
 * Public-sector industries: most of Canberra's employers (the federal government and defence), a few
 * elsewhere; their ads ask for a security clearance (country-terms.ts). Only where a clearance system is named.
 */
export const CLEARED_INDUSTRIES: Readonly<Record<string, readonly string[]>> = {
  Australia: ['federal government', 'defence'],
  'United States': ['federal government', 'defence'],
  'United Kingdom': ['central government', 'defence'],
  Canada: ['federal government'],
  'New Zealand': ['central government'],
};
