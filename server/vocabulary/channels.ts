/** How a response reached the server: a shared kiosk, a person's own phone, or the web. */
export const CHANNELS = ['kiosk', 'phone', 'web'] as const
export type Channel = (typeof CHANNELS)[number]

/** How an administration is taken: kiosks, phones, or both. */
export const MODES = ['kiosk', 'phone', 'both'] as const
export type Mode = (typeof MODES)[number]
