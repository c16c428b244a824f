/** The app's registration at the test OpenID provider (tests/helpers/oidc-provider.ts), shared with playwright.config.ts. */
export const TEST_CLIENT = { clientId: 'ana-test', clientSecret: 'a-test-client-secret-of-some-length' }

/** The sign-in button's provider name in tests. */
export const TEST_IDP_NAME = 'Test Workspace'
