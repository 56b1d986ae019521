/** The impositions `--impose` offers (kept apart from impose.ts, so that naming them never loads pdf-lib). */
export const impositions = ['2up', 'booklet'] as const;
export type Imposition = (typeof impositions)[number];
