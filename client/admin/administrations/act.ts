import type { ApiResult } from '../../api/http'

/** Runs one change to the administration, shows its error if it fails and reloads the page's data. */
export type Act = (call: () => Promise<ApiResult<unknown>>) => Promise<void>
