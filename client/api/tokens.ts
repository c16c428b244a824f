import type { Static } from 'typebox'
import type { ApiTokenListSchema, ApiTokenSchema, CreatedApiTokenSchema, NewApiTokenSchema } from '../../server/auth/api-tokens.schemas'
import { requestJson } from './http'

export type ApiToken = Static<typeof ApiTokenSchema>
export type CreatedApiToken = Static<typeof CreatedApiTokenSchema>
export type NewApiToken = Static<typeof NewApiTokenSchema>

/** Your API tokens (a district admin: everyone's); never the secret itself, which is shown once when made. */
export const fetchTokens = () => requestJson<Static<typeof ApiTokenListSchema>>('/api/tokens')

export const createToken = (token: NewApiToken) => requestJson<CreatedApiToken>('/api/tokens', { method: 'POST', body: JSON.stringify(token) })

export const revokeToken = (id: number) => requestJson<null>(`/api/tokens/${id}`, { method: 'DELETE' })
