import type { ExperienceLevel, RoleCategory } from '../db/enums';
import { EXPERIENCE_LEVELS } from '../db/enums';

/** What roles are called at each level and what they ask for, apart from any tech stack. */

/** Skills every people-leading role asks for. */
export const LEAD_SKILLS: readonly string[] = [
  'People Leadership',
  'Hiring',
  'Delivery Planning',
  'Stakeholder Management',
];

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
