/** What a personal API token looks like: a prefix a secret scanner can match, then 256 bits as base64url. */
export const API_TOKEN = /^ana_[A-Za-z0-9_-]{43}$/
