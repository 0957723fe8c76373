// The published figures on what is advertised (arrangement, employment type, title shares, seniority, stacks):
// shares and counts of postings, no pay. Sources: ../shared/reference/market-figures.md.

import type { MarketFigure } from './figure-kit';
import { australian, range, stack, TECH, titled, value } from './figure-kit';

/** The share and count figures, in report order. */
export const SHARE_FIGURES: readonly MarketFigure[] = [
  {
    label: 'AU fully remote share',
    source: 'Australian jobs advertised as fully remote 6% (LinkedIn, Oct 2022)',
    target: value(0.06),
    measure: { kind: 'share', of: (r) => r.work_setup === 'remote', where: australian },
  },
  {
    label: 'AU remote or hybrid share',
    source: 'WFH ads: Indeed 14.3% of all; ICT second to the top industry at 43.1% (SEEK)',
    target: range(0.143, 0.431),
    measure: { kind: 'share', of: (r) => r.work_setup !== 'onsite', where: australian },
  },
  {
    label: 'AU full-time (permanent) share',
    source: 'ICT ads: full-time 58% vs temporary/part-time/casual/contract 42% (SEEK ICT 2019-2020)',
    target: value(0.58),
    measure: { kind: 'share', of: (r) => r.employment_type === 'permanent', where: australian },
  },
  {
    label: 'AU part-time share',
    source:
      'part-time share, software programmers / ICT support and test 6% / 7% (Jobs and Skills Australia)',
    target: range(0.06, 0.07),
    measure: { kind: 'share', of: (r) => r.employment_type === 'part_time', where: australian },
  },
  {
    label: 'AU business/systems analyst share',
    source: 'share of ICT ads: business/systems analysts 10.8% (SEEK JobWatch)',
    target: value(0.108),
    measure: { kind: 'share', of: titled(/Business Analyst|Systems Analyst/), where: australian },
  },
  {
    label: 'AU help desk share',
    source: 'share of ICT ads: help desk 10.2% (SEEK JobWatch)',
    target: value(0.102),
    measure: {
      kind: 'share',
      of: titled(/Service Desk|Help Desk|IT Support|Desktop Support/),
      where: australian,
    },
  },
  {
    label: 'AU project manager share',
    source: 'share of ICT ads: project managers 7.5% (SEEK JobWatch)',
    target: value(0.075),
    measure: { kind: 'share', of: titled(/Project Manager/), where: australian },
  },
  {
    label: 'senior : junior level-marked titles',
    source: 'level-marked titles about 4x more often senior than junior (hiringlab.org, US, Q2 2025)',
    target: value(4),
    measure: {
      kind: 'countRatio',
      top: titled(/^Senior /),
      bottom: titled(/^(?:Junior|Graduate|Associate) /),
    },
  },
  {
    label: 'tech postings at Senior or above',
    source: '42% of tech postings need 5+ years (hiringlab.org, US, Q2 2025)',
    target: value(0.42),
    measure: {
      kind: 'share',
      of: (r) => ['Senior', 'Lead', 'Principal'].includes(r.experience_level ?? ''),
      where: (r) => TECH.has(r.role_category),
    },
  },
  {
    label: '.NET : next most common stack',
    source: '".NET developer" the top tech occupation (igniteco.com, LinkedIn 2022)',
    target: { kind: 'atLeast', value: 1 },
    measure: {
      kind: 'leadOver',
      leader: '.NET',
      of: (r) => (r.role_category === 'engineering' ? r.tech_stack : null),
    },
  },
  {
    label: 'Go, Kotlin, Scala or Rust : Java (largest)',
    source: 'Go, Kotlin, Scala, Rust under 170 SEEK ads each; Java over 1,200 (supercoders.com.au)',
    target: { kind: 'atMost', value: 170 / 1200 },
    measure: {
      kind: 'maxCountRatio',
      tops: ['Go', 'Kotlin', 'Scala', 'Rust'].map(stack),
      bottom: stack('Java'),
    },
  },
];
