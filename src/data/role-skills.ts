// Skill lists several titles share (service desk, manual testing, analysis, security, people leadership).

/** Skills every people-leading role asks for. */
export const LEAD_SKILLS: readonly string[] = [
  'People Leadership',
  'Hiring',
  'Delivery Planning',
  'Stakeholder Management',
];

export const SERVICE_DESK_SKILLS = [
  'ITIL',
  'ServiceNow',
  'Active Directory',
  'Microsoft 365',
  'Troubleshooting',
  'Customer Communication',
  'Windows',
  'Incident Management',
];
export const MANUAL_TEST_SKILLS = [
  'Test Planning',
  'Exploratory Testing',
  'Regression Testing',
  'Jira',
  'Test Case Design',
  'UAT',
  'Defect Management',
];
export const ANALYST_SKILLS = [
  'Requirements Analysis',
  'Process Mapping',
  'Stakeholder Management',
  'User Stories',
  'Jira',
  'Confluence',
  'SQL',
  'BPMN',
];
export const SECURITY_SKILLS = [
  'Security Operations',
  'SIEM',
  'Vulnerability Management',
  'Incident Response',
  'ISO 27001',
  'Essential Eight',
  'Threat Modelling',
  'Splunk',
];
/** What people managers ask for. */
export const PEOPLE_LEAD = [...LEAD_SKILLS, 'Budgeting', 'Agile', 'Coaching', 'Performance Management'];
