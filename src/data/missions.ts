// What each kind of hire will do, per mission set: the end of a description's first sentence. Each mission
// takes the industry and the company's possessive ("its" or "our"), so it agrees with any opener, and never
// names a country's own scheme except through the framework it is given.

import type { MissionSet } from './title-rules';

/**
 * A mission: what the hire will do, given the industry, the company's possessive ("its" or "our") and the
 * security framework of its country (country-terms.ts).
 */
export type Mission = (industry: string, its: string, framework: string) => string;

/** Missions per mission set; the sentence is "... to <mission>." */
export const MISSIONS: Readonly<Record<MissionSet, readonly Mission[]>> = {
  engineering: [
    (d, its) => `build the ${d} platform ${its} customers rely on every day`,
    (d) => `modernise a legacy ${d} system without slowing the business down`,
    (d, its) => `ship new customer-facing features for ${its} ${d} product`,
    (d, its) => `scale the services behind ${its} ${d} marketplace`,
    (d, its) => `own core parts of ${its} ${d} product from design to production`,
    (d) => `turn a fast-growing ${d} prototype into a reliable product`,
    (d, its) => `make ${its} ${d} apps faster and easier to change`,
    (d, its) => `replace the batch jobs at the heart of ${its} ${d} business with event-driven services`,
  ],
  quality_assurance: [
    (d, its) => `raise the quality bar on ${its} ${d} releases`,
    (d) => `build test automation for a busy ${d} platform`,
    (d) => `catch regressions before they reach ${d} customers`,
    (d, its) => `make releases of ${its} ${d} apps boring and predictable`,
    (d, its) => `grow the automated test suites behind ${its} ${d} services`,
  ],
  manual_testing: [
    (d, its) => `test new ${d} features before ${its} customers see them`,
    (d) => `plan and run the testing of a major ${d} upgrade`,
    (d, its) => `find the defects that slip past ${its} ${d} developers`,
    (d, its) => `run user acceptance testing with ${its} ${d} business teams`,
    (d) => `keep a busy ${d} release calendar safe with careful regression testing`,
  ],
  data: [
    (d) => `turn raw ${d} data into decisions the business trusts`,
    (d, its) => `build the pipelines behind ${its} ${d} reporting`,
    (d) => `model ${d} data for analysts and machine learning teams`,
    (d, its) => `give ${its} ${d} product teams metrics they can rely on`,
    (d, its) => `find what drives growth in ${its} ${d} business`,
  ],
  devops: [
    (d, its) => `keep ${its} ${d} platform fast, secure and available`,
    (d, its) => `automate the infrastructure behind ${its} ${d} services`,
    (d) => `run cloud infrastructure for a growing ${d} business`,
    (d, its) => `shorten the path from commit to production for ${its} ${d} teams`,
    (d, its) => `move ${its} ${d} workloads off ageing servers and into the cloud`,
  ],
  security: [
    (d, its) => `protect ${its} ${d} customers' data from a growing list of threats`,
    (d, its) => `run security operations for ${its} ${d} platform`,
    (d, its, f) => `bring ${its} ${d} business up to ${f} and keep it there`,
    (d, its) => `find and fix vulnerabilities across ${its} ${d} systems`,
  ],
  infrastructure: [
    (d, its) => `keep the servers, networks and identities behind ${its} ${d} business healthy`,
    (d) => `look after a mixed Windows and Linux estate for a ${d} business`,
    (d, its) => `patch, back up and monitor ${its} ${d} systems`,
    (d, its) => `automate the routine administration of ${its} ${d} infrastructure`,
  ],
  design: [
    (d, its) => `shape how customers experience ${its} ${d} product`,
    (d) => `design simple journeys through complex ${d} workflows`,
    (d, its) => `bring research-led design to ${its} ${d} services`,
    (d, its) => `evolve the design system behind ${its} ${d} apps`,
  ],
  product: [
    (d, its) => `own the roadmap for ${its} ${d} product`,
    (d) => `find and validate the next big opportunity in ${d}`,
    (d) => `turn customer insight into a focused ${d} roadmap`,
    (d) => `lead discovery and delivery for a core ${d} product line`,
  ],
  analysis: [
    (d, its) => `turn the needs of ${its} ${d} business into clear requirements`,
    (d, its) => `map and improve the processes behind ${its} ${d} operations`,
    (d, its) => `bridge ${its} ${d} business teams and the developers who serve them`,
    (d) => `define what a new ${d} system must do before it is built`,
    (d, its) => `analyse how ${its} ${d} systems fit together and where they fall short`,
  ],
  project_delivery: [
    (d, its) => `deliver ${its} ${d} technology projects on time and on budget`,
    (d) => `run a multi-year ${d} system replacement from business case to go-live`,
    (d, its) => `keep ${its} ${d} programme of work on track with the people who fund it`,
    (d) => `lead the rollout of a new ${d} platform across several sites`,
  ],
  sales: [
    (d, its) => `grow ${its} share of the ${d} market`,
    (d) => `win new ${d} customers and expand existing accounts`,
    (d) => `build pipeline with mid-market ${d} companies`,
    (d, its) => `help ${d} buyers see the value of ${its} platform`,
  ],
  support: [
    (d, its) => `help ${d} customers get the most out of ${its} product`,
    (d) => `resolve technical issues for ${d} customers quickly and kindly`,
    (d) => `keep ${d} customers confident when something goes wrong`,
    (d, its) => `turn support tickets into fixes for ${its} ${d} product`,
  ],
  service_desk: [
    (d, its) => `keep ${its} ${d} staff productive with fast, friendly IT support`,
    (d, its) => `be the first point of contact for IT issues across ${its} ${d} offices`,
    (d, its) => `look after the laptops, accounts and access ${its} ${d} teams depend on`,
    (d, its) => `resolve ${its} ${d} staff's IT requests quickly and kindly`,
  ],
  operations: [
    (d, its) => `keep ${its} ${d} business running smoothly behind the scenes`,
    (d, its) => `improve the processes that support ${its} ${d} teams`,
    (d) => `bring order and reporting to a fast-growing ${d} operation`,
    (d, its) => `make sure ${its} ${d} teams have the data and tools they need`,
  ],
  management: [
    (d, its) => `lead the teams that build ${its} ${d} platform`,
    (d) => `grow a healthy, high-performing ${d} engineering group`,
    (d, its) => `align delivery across ${its} ${d} product teams`,
    (d, its) => `build and lead the team behind ${its} ${d} product`,
  ],
  data_science: [
    (d, its) => `build the models that forecast demand across ${its} ${d} business`,
    (d, its) => `design the experiments that tell ${its} ${d} product teams what works`,
    (d) => `turn ${d} data into predictions the business plans around`,
    (d, its) => `model what keeps ${its} ${d} customers coming back`,
    (d) => `bring sound statistics to decisions across a growing ${d} business`,
  ],
  machine_learning: [
    (d, its) => `put machine learning models into production across ${its} ${d} platform`,
    (d, its) => `train and ship the models that personalise ${its} ${d} product`,
    (d) => `take ${d} models from notebook to reliable production services`,
    (d, its) => `build the training and serving pipelines behind ${its} ${d} recommendations`,
  ],
  recruitment: [
    (d, its) => `hire the engineers and designers ${its} ${d} teams need next`,
    (d, its) => `run technical hiring from first call to offer for ${its} ${d} business`,
    (d, its) => `build a pipeline of technical talent for ${its} ${d} teams`,
    (d, its) => `make hiring into ${its} ${d} teams fast and fair`,
  ],
  documentation: [
    (d, its) => `write the guides and API references for ${its} ${d} product`,
    (d, its) => `make ${its} ${d} documentation clear, current and easy to find`,
    (d, its) => `turn what ${its} ${d} engineers know into documentation customers can use`,
  ],
  agile: [
    (d, its) => `help ${its} ${d} delivery teams plan, ship and improve`,
    (d, its) => `coach ${its} ${d} squads towards a steady, predictable cadence`,
    (d, its) => `remove what slows ${its} ${d} teams down`,
    (d, its) => `run the ceremonies that keep ${its} ${d} teams aligned`,
  ],
  training: [
    (d, its) => `teach ${its} ${d} staff the systems they use every day`,
    (d, its) => `design and deliver IT training across ${its} ${d} offices`,
    (d, its) => `help ${its} ${d} teams get the most from new software`,
  ],
  other: [
    (d, its) => `support the teams that build ${its} ${d} products`,
    (d, its) => `help ${its} ${d} engineers work better together`,
    (d, its) => `bring clarity to how ${its} ${d} platform is built and used`,
    (d, its) => `connect ${its} ${d} teams with the people and knowledge they need`,
  ],
};
