/** What a scored item measures: the two indexes every profile and comparison shows. */
export const MEASURES = ['need', 'asset'] as const
export type Measure = (typeof MEASURES)[number]

/** What an item's `ana.measures` may say in a definition: a scored measure, or a signal (counted only when chosen). */
export const DEFINITION_MEASURES = [...MEASURES, 'signal'] as const
export type DefinitionMeasure = (typeof DEFINITION_MEASURES)[number]

/** What a stored item row measures: a definition's measure, or a service-grid answer. */
export type ItemMeasure = DefinitionMeasure | 'service'
