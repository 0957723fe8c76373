// What roles are called in each category, at which levels, how often, and what they ask for apart from any tech
// stack. Title rules that cut across categories (no junior architects, per-title pay) are in title-rules.ts.

import type { ExperienceLevel, RoleCategory } from '../db/enums';
import { EXPERIENCE_LEVELS } from '../db/enums';
import {
  ANALYST_SKILLS,
  MANUAL_TEST_SKILLS,
  PEOPLE_LEAD,
  SECURITY_SKILLS,
  SERVICE_DESK_SKILLS,
} from './role-skills';

/** A title stem advertised without a tech stack. */
export interface PlainRole {
  /** The title without the level ("Business Analyst"); the level's prefix is added when used. */
  readonly title: string;
  /** Relative share among the category's postings without a stack. */
  readonly weight: number;
  /** The levels it is advertised at, when fewer than the category's. */
  readonly levels?: readonly ExperienceLevel[];
  /** Its own skills, instead of the category's. */
  readonly skills?: readonly string[];
  /** Leads people: never on a short contract. */
  readonly peopleManager?: boolean;
}

/** What a role category is called at each level and what it asks for, apart from any tech stack. */
export interface CategoryProfile {
  /** The levels this kind of role is advertised at. */
  readonly levels: readonly ExperienceLevel[];
  /** Title stems for postings without a tech stack, weighted. */
  readonly roles: readonly PlainRole[];
  /** Level prefixes that differ from {@link DEFAULT_LEVEL_PREFIXES}. */
  readonly levelPrefixes?: Readonly<Partial<Record<ExperienceLevel, readonly string[]>>>;
  /** Share (0-1) of postings with a tech stack when one fits; 0 for non-technical roles. */
  readonly stackShare: number;
  /** The category's own skills, mixed with a stack's companion skills. */
  readonly skills: readonly string[];
}

/**
 * How a title names the level, as ads do: "Junior " or "Graduate ", no prefix at mid level, "Senior ", "Lead ",
 * "Principal ".
 */
export const DEFAULT_LEVEL_PREFIXES: Readonly<Record<ExperienceLevel, readonly string[]>> = {
  Junior: ['Junior '],
  'Mid-level': [''],
  Senior: ['Senior '],
  Lead: ['Lead '],
  Principal: ['Principal '],
};

const UP_TO_LEAD = ['Junior', 'Mid-level', 'Senior', 'Lead'] as const;
const GRADUATE = { Junior: ['Junior ', 'Graduate '] } as const;

/** Titles, levels, weights and skills of every role category (see {@link CategoryProfile}). */
export const CATEGORY_PROFILES: Readonly<Record<RoleCategory, CategoryProfile>> = {
  engineering: {
    levels: EXPERIENCE_LEVELS,
    roles: [{ title: 'Software Engineer', weight: 1 }],
    levelPrefixes: GRADUATE,
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
    roles: [
      { title: 'Test Analyst', weight: 3, skills: MANUAL_TEST_SKILLS },
      { title: 'QA Analyst', weight: 2, skills: MANUAL_TEST_SKILLS },
      { title: 'Manual Test Engineer', weight: 1, skills: MANUAL_TEST_SKILLS },
      { title: 'QA Engineer', weight: 2 },
    ],
    stackShare: 0.55,
    skills: ['Test Planning', 'API Testing', 'Regression Testing', 'Jira', 'Test Automation', 'Agile', 'SQL'],
  },
  data: {
    levels: EXPERIENCE_LEVELS,
    roles: [
      { title: 'Data Analyst', weight: 3 },
      {
        title: 'Data Scientist',
        weight: 2,
        skills: ['Python', 'SQL', 'Machine Learning', 'Statistics', 'scikit-learn', 'Experimentation'],
      },
      { title: 'Reporting Analyst', weight: 1 },
    ],
    levelPrefixes: GRADUATE,
    stackShare: 0.75,
    skills: [
      'SQL',
      'Data Modelling',
      'Data Quality',
      'Stakeholder Management',
      'Dashboarding',
      'Statistics',
      'Excel',
    ],
  },
  devops: {
    levels: EXPERIENCE_LEVELS,
    roles: [
      { title: 'Cyber Security Engineer', weight: 2, skills: SECURITY_SKILLS },
      { title: 'Security Analyst', weight: 2, levels: UP_TO_LEAD, skills: SECURITY_SKILLS },
      {
        title: 'Systems Administrator',
        weight: 3,
        levels: UP_TO_LEAD,
        skills: ['Linux', 'Windows Server', 'Active Directory', 'VMware', 'PowerShell', 'Bash', 'Networking'],
      },
      { title: 'DevOps Engineer', weight: 1 },
    ],
    stackShare: 0.6,
    skills: ['Linux', 'CI/CD', 'Incident Response', 'Monitoring', 'Bash', 'Networking', 'Docker', 'Security'],
  },
  design: {
    levels: EXPERIENCE_LEVELS,
    roles: [
      { title: 'UX Designer', weight: 3 },
      { title: 'UX Researcher', weight: 1 },
      { title: 'Content Designer', weight: 1 },
      { title: 'Service Designer', weight: 1 },
    ],
    stackShare: 0.5,
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
    roles: [
      { title: 'Business Analyst', weight: 9, levels: UP_TO_LEAD, skills: ANALYST_SKILLS },
      {
        title: 'Systems Analyst',
        weight: 2,
        levels: ['Junior', 'Mid-level', 'Senior'],
        skills: [
          'Requirements Analysis',
          'Systems Integration',
          'SQL',
          'Process Mapping',
          'UML',
          'Stakeholder Management',
        ],
      },
      { title: 'Product Manager', weight: 3 },
      { title: 'Product Owner', weight: 2, levels: ['Mid-level', 'Senior', 'Lead'] },
      { title: 'Technical Product Manager', weight: 1, levels: ['Mid-level', 'Senior', 'Lead', 'Principal'] },
    ],
    levelPrefixes: { Junior: ['Junior ', 'Associate '] },
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
    roles: [
      { title: 'Account Executive', weight: 3 },
      { title: 'Account Manager', weight: 2 },
      { title: 'Business Development Manager', weight: 2 },
      {
        title: 'Sales Engineer',
        weight: 1,
        skills: [
          'Solution Design',
          'Product Demos',
          'APIs',
          'SQL',
          'Cloud Platforms',
          'Pre-sales',
          'Salesforce',
        ],
      },
    ],
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
    roles: [
      { title: 'Service Desk Analyst', weight: 4, skills: SERVICE_DESK_SKILLS },
      { title: 'IT Support Analyst', weight: 3, skills: SERVICE_DESK_SKILLS },
      { title: 'Desktop Support Technician', weight: 2, skills: SERVICE_DESK_SKILLS },
      { title: 'Help Desk Analyst', weight: 2, skills: SERVICE_DESK_SKILLS },
      { title: 'Technical Support Specialist', weight: 1 },
      { title: 'Customer Support Engineer', weight: 1 },
    ],
    stackShare: 0,
    skills: ['Zendesk', 'Troubleshooting', 'Customer Communication', 'Incident Management', 'SQL', 'APIs'],
  },
  operations: {
    levels: UP_TO_LEAD,
    roles: [
      { title: 'Operations Analyst', weight: 2 },
      { title: 'Business Operations Analyst', weight: 1 },
      { title: 'Revenue Operations Analyst', weight: 1 },
      { title: 'IT Operations Coordinator', weight: 1 },
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
    roles: [
      {
        title: 'Project Manager',
        weight: 20,
        levels: ['Senior', 'Lead'],
        skills: [
          'Project Planning',
          'Risk Management',
          'Stakeholder Management',
          'Budgeting',
          'Agile',
          'PRINCE2',
          'Vendor Management',
        ],
      },
      {
        title: 'Engineering Manager',
        weight: 3,
        levels: ['Senior', 'Lead'],
        skills: PEOPLE_LEAD,
        peopleManager: true,
      },
      {
        title: 'Delivery Manager',
        weight: 2,
        levels: ['Senior', 'Lead'],
        skills: PEOPLE_LEAD,
        peopleManager: true,
      },
      {
        title: 'QA Manager',
        weight: 1,
        levels: ['Senior', 'Lead'],
        skills: PEOPLE_LEAD,
        peopleManager: true,
      },
      {
        title: 'IT Manager',
        weight: 2,
        levels: ['Senior', 'Lead'],
        skills: PEOPLE_LEAD,
        peopleManager: true,
      },
      {
        title: 'Head of Engineering',
        weight: 1,
        levels: ['Principal'],
        skills: PEOPLE_LEAD,
        peopleManager: true,
      },
      {
        title: 'Director of Engineering',
        weight: 0.5,
        levels: ['Principal'],
        skills: PEOPLE_LEAD,
        peopleManager: true,
      },
      {
        title: 'Head of Delivery',
        weight: 0.5,
        levels: ['Principal'],
        skills: PEOPLE_LEAD,
        peopleManager: true,
      },
      { title: 'Head of Data', weight: 0.5, levels: ['Principal'], skills: PEOPLE_LEAD, peopleManager: true },
    ],
    // An unprefixed manager is Senior, a "Senior ..." one Lead; Principal titles are whole ("Head of Data").
    levelPrefixes: { Senior: [''], Lead: ['Senior '], Principal: [''] },
    stackShare: 0.08,
    skills: PEOPLE_LEAD,
  },
  other: {
    levels: UP_TO_LEAD,
    roles: [
      {
        title: 'Scrum Master',
        weight: 3,
        skills: ['Scrum', 'Kanban', 'Facilitation', 'Jira', 'Coaching', 'Confluence'],
      },
      {
        title: 'Agile Coach',
        weight: 1,
        skills: ['Agile', 'Scrum', 'Kanban', 'Coaching', 'Facilitation', 'Change Management'],
      },
      {
        title: 'Technical Writer',
        weight: 2,
        skills: ['Technical Writing', 'Docs as Code', 'Markdown', 'Confluence', 'API Documentation', 'Git'],
      },
      {
        title: 'Technical Recruiter',
        weight: 2,
        skills: [
          'Sourcing',
          'LinkedIn Recruiter',
          'Interviewing',
          'Stakeholder Management',
          'Employer Branding',
        ],
      },
      {
        title: 'IT Trainer',
        weight: 1,
        skills: ['Training Delivery', 'Microsoft 365', 'Instructional Design', 'Facilitation', 'Confluence'],
      },
    ],
    stackShare: 0.15,
    skills: ['Technical Writing', 'Facilitation', 'Stakeholder Management', 'Confluence', 'Jira', 'Coaching'],
  },
};
