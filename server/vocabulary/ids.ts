/** The largest id a PostgreSQL `integer` (serial) column holds: every id a route accepts is 1 to this. */
export const MAX_ID = 2147483647
