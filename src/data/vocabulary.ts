import type { ExperienceLevel, RoleCategory } from '../db/enums';
import { EXPERIENCE_LEVELS, ROLE_CATEGORIES } from '../db/enums';

/**
 * The vocabulary both data sets are built from: where postings are, what they pay, which technologies they
 * use and what the roles are called. The curated postings are checked against it by tests; the synthetic
 * generator draws from it.
 */

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

/** An annual salary range: [lowest salary_min, highest salary_max], whole currency units. */
export type Band = readonly [min: number, max: number];

/**
 * Annual full-time salary bands for engineering roles, per currency and level. Both ends rise strictly with
 * the level (a test checks it); other role categories are scaled by {@link CATEGORY_PAY_PERCENT}.
 */
export const SALARY_BANDS: Readonly<Record<Currency, Readonly<Record<ExperienceLevel, Band>>>> = {
  AUD: {
    Junior: [60_000, 80_000],
    'Mid-level': [85_000, 115_000],
    Senior: [120_000, 160_000],
    Lead: [150_000, 190_000],
    Principal: [180_000, 230_000],
  },
  USD: {
    Junior: [80_000, 105_000],
    'Mid-level': [105_000, 140_000],
    Senior: [140_000, 190_000],
    Lead: [175_000, 230_000],
    Principal: [210_000, 280_000],
  },
  GBP: {
    Junior: [30_000, 42_000],
    'Mid-level': [45_000, 65_000],
    Senior: [65_000, 90_000],
    Lead: [85_000, 110_000],
    Principal: [100_000, 140_000],
  },
  SGD: {
    Junior: [48_000, 66_000],
    'Mid-level': [70_000, 100_000],
    Senior: [100_000, 145_000],
    Lead: [135_000, 180_000],
    Principal: [170_000, 230_000],
  },
  PHP: {
    Junior: [360_000, 600_000],
    'Mid-level': [600_000, 1_000_000],
    Senior: [1_000_000, 1_600_000],
    Lead: [1_500_000, 2_200_000],
    Principal: [2_000_000, 3_000_000],
  },
  EUR: {
    Junior: [45_000, 55_000],
    'Mid-level': [55_000, 72_000],
    Senior: [70_000, 92_000],
    Lead: [85_000, 110_000],
    Principal: [100_000, 135_000],
  },
  CAD: {
    Junior: [60_000, 80_000],
    'Mid-level': [80_000, 110_000],
    Senior: [110_000, 150_000],
    Lead: [140_000, 175_000],
    Principal: [165_000, 215_000],
  },
  NZD: {
    Junior: [58_000, 75_000],
    'Mid-level': [78_000, 105_000],
    Senior: [105_000, 140_000],
    Lead: [130_000, 165_000],
    Principal: [155_000, 200_000],
  },
};

/** Salaries are whole multiples of this (pesos are advertised in round ten-thousands). */
export const SALARY_STEP: Readonly<Record<Currency, number>> = {
  AUD: 1000,
  USD: 1000,
  GBP: 1000,
  SGD: 1000,
  PHP: 10_000,
  EUR: 1000,
  CAD: 1000,
  NZD: 1000,
};

/**
 * How far above the currency's junior floor a category's pay reaches, in percent of an engineering role's:
 * a band [lo, hi] becomes [floor + (lo - floor) * p/100, floor + (hi - floor) * p/100], rounded to the step,
 * so every category still starts at the junior floor and still rises with the level.
 */
export const CATEGORY_PAY_PERCENT: Readonly<Record<RoleCategory, number>> = {
  engineering: 100,
  quality_assurance: 90,
  data: 100,
  devops: 100,
  design: 90,
  product: 100,
  sales: 90,
  support: 70,
  operations: 75,
  management: 100,
  other: 85,
};

function scaledBand(currency: Currency, level: ExperienceLevel, category: RoleCategory): Band {
  const floor = SALARY_BANDS[currency].Junior[0];
  const step = SALARY_STEP[currency];
  const percent = CATEGORY_PAY_PERCENT[category];
  const scale = (v: number) => Math.round((floor + ((v - floor) * percent) / 100) / step) * step;
  const [lo, hi] = SALARY_BANDS[currency][level];
  return [scale(lo), scale(hi)];
}

const BAND_TABLE: ReadonlyMap<string, Band> = new Map(
  CURRENCIES.flatMap((c) =>
    EXPERIENCE_LEVELS.flatMap((l) =>
      ROLE_CATEGORIES.map((r) => [`${c}|${l}|${r}`, scaledBand(c, l, r)] as const),
    ),
  ),
);

/** The salary band of a role category at a level in a currency (see {@link CATEGORY_PAY_PERCENT}). */
export function salaryBand(currency: Currency, level: ExperienceLevel, category: RoleCategory): Band {
  return BAND_TABLE.get(`${currency}|${level}|${category}`) as Band;
}

/** The titles and companion skills of a tech stack in one role category. */
export interface StackRole {
  /** Title stems without the level ("Go Engineer", "Data Engineer (dbt)"); the level is prefixed when used. */
  readonly titles: readonly string[];
  /** Skills that go with the stack in this kind of role (never the stack itself). */
  readonly skills: readonly string[];
}

/** A primary technology: the `tech_stack` value and the role categories it fits. */
export interface TechStack {
  /** The `tech_stack` value, verbatim. */
  readonly name: string;
  /** The role categories the stack fits; a category missing here never gets this stack. */
  readonly roles: Readonly<Partial<Record<RoleCategory, StackRole>>>;
}

const LEAD_SKILLS = ['People Leadership', 'Hiring', 'Delivery Planning', 'Stakeholder Management'];

/** Every tech stack a posting may name, with the categories it fits, title stems and companion skills. */
export const TECH_STACKS: readonly TechStack[] = [
  {
    name: 'React',
    roles: {
      engineering: {
        titles: [
          'React Developer',
          'Frontend Engineer (React)',
          'React Frontend Developer',
          'Full Stack Developer (React)',
        ],
        skills: [
          'TypeScript',
          'JavaScript',
          'Redux',
          'Next.js',
          'CSS',
          'Jest',
          'React Testing Library',
          'GraphQL',
        ],
      },
    },
  },
  {
    name: 'Vue',
    roles: {
      engineering: {
        titles: ['Vue Developer', 'Frontend Developer (Vue)', 'Vue.js Engineer'],
        skills: ['JavaScript', 'TypeScript', 'Nuxt', 'Pinia', 'CSS', 'Vite', 'Vitest', 'REST APIs'],
      },
    },
  },
  {
    name: 'Angular',
    roles: {
      engineering: {
        titles: ['Angular Developer', 'Frontend Engineer (Angular)', 'Angular Front End Developer'],
        skills: ['TypeScript', 'RxJS', 'NgRx', 'Jasmine', 'SCSS', 'REST APIs', 'Angular Material', 'Karma'],
      },
    },
  },
  {
    name: 'TypeScript',
    roles: {
      engineering: {
        titles: [
          'TypeScript Developer',
          'Full Stack Engineer (TypeScript)',
          'TypeScript Fullstack Developer',
        ],
        skills: ['Node.js', 'React', 'GraphQL', 'Jest', 'PostgreSQL', 'REST APIs', 'AWS Lambda', 'Docker'],
      },
      other: {
        titles: ['Developer Advocate (TypeScript)', 'Developer Relations Engineer (TypeScript)'],
        skills: [
          'Technical Writing',
          'Public Speaking',
          'Node.js',
          'Open Source',
          'Community Building',
          'Video Content',
        ],
      },
    },
  },
  {
    name: 'Node.js',
    roles: {
      engineering: {
        titles: ['Node.js Developer', 'Node.js API Developer', 'Backend Engineer (Node.js)'],
        skills: ['TypeScript', 'Express', 'NestJS', 'PostgreSQL', 'REST APIs', 'Redis', 'Docker', 'Jest'],
      },
    },
  },
  {
    name: 'Python',
    roles: {
      engineering: {
        titles: [
          'Python Developer',
          'Python Backend Engineer',
          'Software Engineer (Python)',
          'Python Engineer',
        ],
        skills: ['Django', 'FastAPI', 'PostgreSQL', 'Celery', 'pytest', 'Docker', 'REST APIs', 'Redis'],
      },
      data: {
        titles: ['Data Engineer (Python)', 'Data Scientist (Python)', 'Machine Learning Engineer (Python)'],
        skills: ['pandas', 'NumPy', 'SQL', 'Airflow', 'scikit-learn', 'Jupyter', 'PySpark', 'Statistics'],
      },
    },
  },
  {
    name: 'Go',
    roles: {
      engineering: {
        titles: ['Go Engineer', 'Go Developer', 'Backend Engineer (Go)', 'Go Microservices Engineer'],
        skills: ['gRPC', 'Microservices', 'PostgreSQL', 'Docker', 'Kubernetes', 'Kafka', 'Protocol Buffers'],
      },
      devops: {
        titles: ['Platform Engineer (Go)', 'Site Reliability Engineer (Go)'],
        skills: ['Kubernetes', 'Prometheus', 'Terraform', 'Linux', 'Docker', 'Grafana', 'Incident Response'],
      },
      management: {
        titles: ['Engineering Manager (Go)', 'Engineering Manager, Go Platform'],
        skills: [...LEAD_SKILLS, 'Microservices', 'Kubernetes'],
      },
    },
  },
  {
    name: 'Rust',
    roles: {
      engineering: {
        titles: ['Rust Engineer', 'Rust Systems Engineer', 'Backend Engineer (Rust)', 'Rust Developer'],
        skills: [
          'Tokio',
          'Systems Programming',
          'Linux',
          'WebAssembly',
          'gRPC',
          'Concurrency',
          'Performance Profiling',
        ],
      },
    },
  },
  {
    name: 'Java',
    roles: {
      engineering: {
        titles: [
          'Java Developer',
          'Java Enterprise Developer',
          'Backend Engineer (Java)',
          'Java Software Engineer',
        ],
        skills: [
          'Spring Boot',
          'Hibernate',
          'Maven',
          'Microservices',
          'Kafka',
          'Oracle',
          'JUnit',
          'REST APIs',
        ],
      },
      management: {
        titles: ['Engineering Manager (Java)', 'Engineering Manager, Java Platforms'],
        skills: [...LEAD_SKILLS, 'Spring Boot', 'Agile'],
      },
    },
  },
  {
    name: 'Kotlin',
    roles: {
      engineering: {
        titles: ['Kotlin Android Engineer', 'Android Developer (Kotlin)', 'Android Engineer'],
        skills: [
          'Android SDK',
          'Jetpack Compose',
          'Coroutines',
          'Gradle',
          'Retrofit',
          'Room',
          'Espresso',
          'Firebase',
        ],
      },
    },
  },
  {
    name: 'Swift',
    roles: {
      engineering: {
        titles: ['Swift iOS Developer', 'iOS Engineer (Swift)', 'iOS Developer'],
        skills: [
          'SwiftUI',
          'UIKit',
          'Xcode',
          'Combine',
          'Core Data',
          'XCTest',
          'App Store Connect',
          'Objective-C',
        ],
      },
    },
  },
  {
    name: '.NET',
    roles: {
      engineering: {
        titles: ['.NET Developer', 'C# .NET Engineer', 'Backend Developer (.NET)'],
        skills: [
          'C#',
          'ASP.NET Core',
          'Entity Framework',
          'SQL Server',
          'Azure',
          'xUnit',
          'REST APIs',
          'Blazor',
        ],
      },
      management: {
        titles: ['Engineering Manager (.NET)'],
        skills: [...LEAD_SKILLS, 'C#', 'Azure'],
      },
    },
  },
  {
    name: 'PHP',
    roles: {
      engineering: {
        titles: ['PHP Developer', 'PHP Web Developer', 'Laravel Developer (PHP)', 'Backend Developer (PHP)'],
        skills: [
          'Laravel',
          'Symfony',
          'MySQL',
          'WordPress',
          'Composer',
          'PHPUnit',
          'JavaScript',
          'REST APIs',
        ],
      },
    },
  },
  {
    name: 'Ruby',
    roles: {
      engineering: {
        titles: ['Ruby on Rails Developer', 'Ruby Engineer', 'Backend Engineer (Ruby)'],
        skills: [
          'Ruby on Rails',
          'PostgreSQL',
          'RSpec',
          'Sidekiq',
          'Redis',
          'Hotwire',
          'REST APIs',
          'Heroku',
        ],
      },
    },
  },
  {
    name: 'Scala',
    roles: {
      engineering: {
        titles: ['Scala Engineer', 'Backend Engineer (Scala)'],
        skills: ['Akka', 'Cats', 'Kafka', 'Functional Programming', 'sbt', 'PostgreSQL', 'Microservices'],
      },
      data: {
        titles: ['Data Engineer (Scala)', 'Big Data Engineer (Scala)'],
        skills: ['Apache Spark', 'Kafka', 'Databricks', 'SQL', 'Airflow', 'Delta Lake', 'Hadoop'],
      },
    },
  },
  {
    name: 'Elixir',
    roles: {
      engineering: {
        titles: ['Elixir Engineer', 'Elixir Backend Engineer', 'Backend Developer (Elixir)'],
        skills: [
          'Phoenix',
          'Erlang/OTP',
          'Ecto',
          'PostgreSQL',
          'LiveView',
          'GraphQL',
          'Functional Programming',
        ],
      },
    },
  },
  {
    name: 'C++',
    roles: {
      engineering: {
        titles: [
          'C++ Engineer',
          'C++ Software Developer',
          'Embedded Software Engineer (C++)',
          'Low-Latency Engineer (C++)',
        ],
        skills: [
          'Modern C++',
          'Linux',
          'CMake',
          'Multithreading',
          'Embedded Systems',
          'Python',
          'Google Test',
        ],
      },
    },
  },
  {
    name: 'Terraform',
    roles: {
      devops: {
        titles: [
          'DevOps Engineer (Terraform)',
          'Infrastructure Engineer (Terraform)',
          'Platform Engineer (Terraform)',
        ],
        skills: [
          'AWS',
          'Azure',
          'CI/CD',
          'GitHub Actions',
          'Infrastructure as Code',
          'Linux',
          'Bash',
          'Ansible',
        ],
      },
    },
  },
  {
    name: 'Kubernetes',
    roles: {
      devops: {
        titles: [
          'Site Reliability Engineer (Kubernetes)',
          'Kubernetes Platform Engineer',
          'DevOps Engineer (Kubernetes)',
        ],
        skills: ['Helm', 'Docker', 'Prometheus', 'Argo CD', 'Terraform', 'Linux', 'Istio', 'Grafana'],
      },
    },
  },
  {
    name: 'AWS',
    roles: {
      devops: {
        titles: [
          'AWS Cloud Engineer',
          'DevOps Engineer (AWS)',
          'Cloud Infrastructure Engineer (AWS)',
          'Cloud Architect (AWS)',
        ],
        skills: ['Terraform', 'CloudFormation', 'EC2', 'Lambda', 'IAM', 'VPC Networking', 'CI/CD', 'Python'],
      },
      data: {
        titles: ['Data Platform Engineer (AWS)', 'Cloud Data Engineer (AWS)'],
        skills: ['S3', 'Glue', 'Redshift', 'Athena', 'Python', 'SQL', 'Airflow'],
      },
      other: {
        titles: ['Solutions Architect (AWS)', 'Cloud Solutions Consultant (AWS)'],
        skills: [
          'Solution Design',
          'Pre-sales',
          'Stakeholder Management',
          'EC2',
          'Serverless',
          'Security Best Practices',
        ],
      },
    },
  },
  {
    name: 'Azure',
    roles: {
      devops: {
        titles: ['Azure Cloud Engineer', 'DevOps Engineer (Azure)', 'Azure Platform Engineer'],
        skills: [
          'Azure DevOps',
          'Bicep',
          'Terraform',
          'PowerShell',
          'AKS',
          'Entra ID',
          'CI/CD',
          'Networking',
        ],
      },
    },
  },
  {
    name: 'Snowflake',
    roles: {
      data: {
        titles: [
          'Data Engineer (Snowflake)',
          'Snowflake Data Engineer',
          'Data Warehouse Engineer (Snowflake)',
        ],
        skills: ['SQL', 'dbt', 'Python', 'Airflow', 'Data Modelling', 'Fivetran', 'AWS'],
      },
    },
  },
  {
    name: 'dbt',
    roles: {
      data: {
        titles: ['Data Engineer (dbt)', 'Analytics Engineer (dbt)', 'Analytics Engineer'],
        skills: ['SQL', 'Snowflake', 'BigQuery', 'Data Modelling', 'Git', 'Looker', 'Airflow'],
      },
    },
  },
  {
    name: 'SQL',
    roles: {
      data: {
        titles: ['Data Analyst (SQL)', 'Data Analyst', 'BI Analyst (SQL)', 'Reporting Analyst'],
        skills: [
          'Excel',
          'Tableau',
          'Power BI',
          'Data Visualisation',
          'Statistics',
          'Python',
          'Stakeholder Management',
        ],
      },
    },
  },
  {
    name: 'Power BI',
    roles: {
      data: {
        titles: ['BI Developer (Power BI)', 'Power BI Analyst', 'Business Intelligence Analyst'],
        skills: ['DAX', 'SQL', 'Power Query', 'Data Modelling', 'Excel', 'Azure', 'Stakeholder Management'],
      },
    },
  },
  {
    name: 'Apache Spark',
    roles: {
      data: {
        titles: ['Spark Data Engineer', 'Data Engineer (Spark)', 'Big Data Engineer'],
        skills: ['PySpark', 'Databricks', 'Delta Lake', 'SQL', 'Python', 'Airflow', 'Kafka'],
      },
    },
  },
  {
    name: 'Figma',
    roles: {
      design: {
        titles: ['Product Designer', 'UI Designer', 'UX/UI Designer', 'Visual Designer', 'Frontend Designer'],
        skills: [
          'Prototyping',
          'Design Systems',
          'User Research',
          'Wireframing',
          'Accessibility',
          'Usability Testing',
        ],
      },
    },
  },
  {
    name: 'Playwright',
    roles: {
      quality_assurance: {
        titles: [
          'Playwright QA Automation Engineer',
          'QA Automation Engineer (Playwright)',
          'SDET (Playwright)',
        ],
        skills: [
          'TypeScript',
          'JavaScript',
          'CI/CD',
          'API Testing',
          'GitHub Actions',
          'Test Planning',
          'Visual Regression',
        ],
      },
    },
  },
  {
    name: 'Cypress',
    roles: {
      quality_assurance: {
        titles: [
          'QA Automation Engineer (Cypress)',
          'Cypress Test Engineer',
          'Frontend Test Engineer (Cypress)',
        ],
        skills: ['JavaScript', 'TypeScript', 'CI/CD', 'API Testing', 'Cucumber', 'Test Planning', 'Jenkins'],
      },
    },
  },
  {
    name: 'Selenium',
    roles: {
      quality_assurance: {
        titles: [
          'Selenium Test Engineer',
          'QA Automation Engineer (Selenium)',
          'Test Automation Analyst (Selenium)',
        ],
        skills: ['Java', 'TestNG', 'Cucumber', 'Jenkins', 'API Testing', 'Test Planning', 'SQL'],
      },
    },
  },
  {
    name: 'Appium',
    roles: {
      quality_assurance: {
        titles: ['Mobile QA Engineer (Appium)', 'Mobile Test Automation Engineer (Appium)'],
        skills: ['iOS', 'Android', 'Java', 'BrowserStack', 'CI/CD', 'Test Planning'],
      },
    },
  },
];

const STACK_BY_NAME: ReadonlyMap<string, TechStack> = new Map(TECH_STACKS.map((s) => [s.name, s]));

/** The tech stack with this name, or undefined when the vocabulary does not know it. */
export function techStackOf(name: string): TechStack | undefined {
  return STACK_BY_NAME.get(name);
}

/** What a role category is called at each level and what it asks for, apart from any tech stack. */
export interface CategoryProfile {
  /** The levels this kind of role is advertised at. */
  readonly levels: readonly ExperienceLevel[];
  /** Title stems for postings without a tech stack; the level is prefixed when used. */
  readonly titles: readonly string[];
  /** Level prefixes that differ from {@link DEFAULT_LEVEL_PREFIXES} ("Associate " product managers). */
  readonly levelPrefixes?: Readonly<Partial<Record<ExperienceLevel, readonly string[]>>>;
  /** Whole titles for a level, used instead of prefix + stem ("Head of Engineering"); never with a stack. */
  readonly titlesByLevel?: Readonly<Partial<Record<ExperienceLevel, readonly string[]>>>;
  /** Share (0-1) of postings with a tech stack when one fits; 0 for non-technical roles. */
  readonly stackShare: number;
  /** The category's own skills, mixed with a stack's companion skills. */
  readonly skills: readonly string[];
}

/** How a title names the level: "Junior ", "" or "Mid-level ", "Senior ", "Lead ", "Principal ". */
export const DEFAULT_LEVEL_PREFIXES: Readonly<Record<ExperienceLevel, readonly string[]>> = {
  Junior: ['Junior '],
  'Mid-level': ['', 'Mid-level '],
  Senior: ['Senior '],
  Lead: ['Lead '],
  Principal: ['Principal '],
};

const UP_TO_LEAD = ['Junior', 'Mid-level', 'Senior', 'Lead'] as const;

/** Titles, levels and skills of every role category (see {@link CategoryProfile}). */
export const CATEGORY_PROFILES: Readonly<Record<RoleCategory, CategoryProfile>> = {
  engineering: {
    levels: EXPERIENCE_LEVELS,
    titles: ['Software Engineer'],
    stackShare: 1,
    skills: [
      'Git',
      'CI/CD',
      'Code Review',
      'Unit Testing',
      'Agile',
      'System Design',
      'Docker',
      'Observability',
    ],
  },
  quality_assurance: {
    levels: EXPERIENCE_LEVELS,
    titles: ['QA Analyst', 'Test Analyst', 'QA Engineer', 'Manual Test Engineer'],
    stackShare: 0.85,
    skills: [
      'Test Planning',
      'Exploratory Testing',
      'Regression Testing',
      'Jira',
      'Test Case Design',
      'Agile',
      'SQL',
    ],
  },
  data: {
    levels: EXPERIENCE_LEVELS,
    titles: ['Data Analyst'],
    stackShare: 1,
    skills: [
      'SQL',
      'Data Modelling',
      'Data Quality',
      'Stakeholder Management',
      'Git',
      'Dashboarding',
      'Statistics',
    ],
  },
  devops: {
    levels: EXPERIENCE_LEVELS,
    titles: ['DevOps Engineer'],
    stackShare: 1,
    skills: ['Linux', 'CI/CD', 'Incident Response', 'Monitoring', 'Bash', 'Networking', 'Docker', 'Security'],
  },
  design: {
    levels: EXPERIENCE_LEVELS,
    titles: ['UX Researcher', 'Content Designer', 'Service Designer', 'UX Designer'],
    stackShare: 0.6,
    skills: [
      'User Research',
      'Journey Mapping',
      'Usability Testing',
      'Workshop Facilitation',
      'Information Architecture',
    ],
  },
  product: {
    levels: EXPERIENCE_LEVELS,
    titles: ['Product Manager', 'Product Owner', 'Technical Product Manager', 'Growth Product Manager'],
    levelPrefixes: { Junior: ['Associate '] },
    stackShare: 0,
    skills: [
      'Roadmapping',
      'Stakeholder Management',
      'User Research',
      'Agile',
      'Jira',
      'Prioritisation',
      'OKRs',
    ],
  },
  sales: {
    levels: UP_TO_LEAD,
    titles: ['Account Executive', 'Sales Engineer', 'Business Development Manager', 'Account Manager'],
    stackShare: 0,
    skills: [
      'Salesforce',
      'Negotiation',
      'Pipeline Management',
      'Solution Selling',
      'Prospecting',
      'HubSpot',
    ],
  },
  support: {
    levels: UP_TO_LEAD,
    titles: [
      'Technical Support Specialist',
      'Customer Support Engineer',
      'Support Analyst',
      'Service Desk Analyst',
    ],
    stackShare: 0,
    skills: ['Zendesk', 'Troubleshooting', 'Customer Communication', 'Incident Management', 'ITIL', 'SQL'],
  },
  operations: {
    levels: UP_TO_LEAD,
    titles: [
      'Operations Analyst',
      'Business Operations Analyst',
      'Revenue Operations Analyst',
      'IT Operations Coordinator',
    ],
    stackShare: 0,
    skills: [
      'Process Improvement',
      'Excel',
      'Reporting',
      'Vendor Management',
      'Stakeholder Management',
      'Budgeting',
    ],
  },
  management: {
    levels: ['Senior', 'Lead', 'Principal'],
    titles: [
      'Engineering Manager',
      'Delivery Manager',
      'QA Manager',
      'Data Engineering Manager',
      'IT Manager',
    ],
    levelPrefixes: { Senior: [''], Lead: ['Senior '] },
    titlesByLevel: {
      Principal: [
        'Head of Engineering',
        'Director of Engineering',
        'Head of Delivery',
        'Head of Data',
        'VP of Engineering',
      ],
    },
    stackShare: 0.25,
    skills: [...LEAD_SKILLS, 'Budgeting', 'Agile', 'Coaching', 'Performance Management'],
  },
  other: {
    levels: UP_TO_LEAD,
    titles: ['Technical Writer', 'Scrum Master', 'Agile Coach', 'Technical Recruiter', 'IT Trainer'],
    stackShare: 0.2,
    skills: ['Technical Writing', 'Facilitation', 'Stakeholder Management', 'Confluence', 'Jira', 'Coaching'],
  },
};

/** Categories whose postings never carry a tech stack. */
export const NON_TECHNICAL_CATEGORIES: readonly RoleCategory[] = ROLE_CATEGORIES.filter(
  (c) => CATEGORY_PROFILES[c].stackShare === 0 && !TECH_STACKS.some((s) => s.roles[c]),
);
