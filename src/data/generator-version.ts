/**
 * Bump when the synthetic generator's output for a given (index, randomSeed) changes. A module of its own: every
 * run reads it (it is part of the synthetic data set's checksum), and a no-op run loads nothing else of the
 * generator (whose modules and board cost a tenth of a second or more to load).
 */
export const GENERATOR_VERSION = 4;
