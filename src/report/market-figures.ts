// The published figures `npm run seed:report` holds the database against (../shared/reference/market-figures.md,
// one entry per row used), in report order: what is advertised (share-figures.ts), pay (pay-figures.ts), and
// the board's shape (board-figures.ts). Rows with no comparable measure are listed in NOT_COMPARED with the reason.

import { BOARD_FIGURES } from './board-figures';
import type { MarketFigure } from './figure-kit';
import { PAY_FIGURES } from './pay-figures';
import { SHARE_FIGURES } from './share-figures';

/** Every figure the market check compares, in report order. */
export const MARKET_FIGURES: readonly MarketFigure[] = [...SHARE_FIGURES, ...PAY_FIGURES, ...BOARD_FIGURES];

/** Reference rows the check does not compare, and why. */
export const NOT_COMPARED: readonly string[] = [
  'ads that show a salary (34.5%): the story gives every posting a salary',
  'ad length (about 260 words): the story asks for 2-3 sentence descriptions',
  'share of ICT ads that are developers/programmers (16%): SEEK counts software engineers, architects and testers apart',
  'languages developers use (Stack Overflow): usage, not ad counts (the clouds are compared: employers pick one in proportion)',
  'network architect day rates (900-1,200): no such title is generated',
  'city spread, Sydney = Melbourne for all roles: compared on engineering, where the samples are largest',
  'design manager (about 150,000): no such title is generated',
  'WFH in 9.5% of all SEEK ads: all industries, not ICT',
  'total compensation with equity (Levels.fyi): the columns are base salary',
  'Toronto, Auckland/Wellington engineering, Amsterdam: no credible source found',
  'ad kept 180 days after closing: the table holds no closing date',
];
