// Cloud, infrastructure, data, design and test tools, with the roles each fits.

import type { TechStack } from './stack-types';

/** Cloud, infrastructure, data, design and test tools, after the languages in `TECH_STACKS` (tech-stacks.ts). */
export const TOOL_STACKS: readonly TechStack[] = [
  {
    name: 'Terraform',
    roles: {
      devops: {
        titles: [
          'DevOps Engineer (Terraform)',
          'Infrastructure Engineer (Terraform)',
          'Platform Engineer (Terraform)',
        ],
        // The employer's cloud is added by the generator (companies.ts), so no cloud is listed here.
        skills: ['CI/CD', 'GitHub Actions', 'Infrastructure as Code', 'Linux', 'Bash', 'Ansible', 'Vault'],
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
        skills: ['SQL', 'dbt', 'Python', 'Airflow', 'Data Modelling', 'Fivetran'],
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
        skills: [
          'DAX',
          'SQL',
          'Power Query',
          'Data Modelling',
          'Excel',
          'Power Automate',
          'Stakeholder Management',
        ],
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
