// Programming languages and frameworks, with the roles each fits.

import { LEAD_SKILLS } from './role-skills';
import type { TechStack } from './stack-types';

/** Programming languages and frameworks, first in `TECH_STACKS` (tech-stacks.ts). */
export const LANGUAGE_STACKS: readonly TechStack[] = [
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
        core: ['JavaScript'],
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
        core: ['JavaScript'],
        skills: ['JavaScript', 'TypeScript', 'Nuxt', 'Pinia', 'CSS', 'Vite', 'Vitest', 'REST APIs'],
      },
    },
  },
  {
    name: 'Angular',
    roles: {
      engineering: {
        titles: ['Angular Developer', 'Frontend Engineer (Angular)', 'Angular Front End Developer'],
        core: ['TypeScript'],
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
        core: ['JavaScript'],
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
        core: ['JavaScript'],
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
        core: ['C#'],
        skills: [
          'C#',
          'ASP.NET Core',
          'Entity Framework',
          'SQL Server',
          'Web API',
          'xUnit',
          'REST APIs',
          'Blazor',
        ],
      },
      management: {
        titles: ['Engineering Manager (.NET)'],
        skills: [...LEAD_SKILLS, 'C#', 'ASP.NET Core'],
      },
    },
  },
  {
    name: 'PHP',
    roles: {
      engineering: {
        titles: ['PHP Developer', 'PHP Web Developer', 'Laravel Developer (PHP)', 'Backend Developer (PHP)'],
        core: ['JavaScript'],
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
];
