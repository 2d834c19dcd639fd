// Public face of the tokens stage.
export * from './token-types.js'
export {
  createAccessTokenVerifier,
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
} from './access-token-verifier.js'
export {
  createTokenIssuer,
  MAX_TOKEN_REQUEST_BYTES,
  readTokenRequest,
  type TokenIssuer,
  type TokenIssuerOptions,
  type TokenResponse,
} from './token-endpoint.js'
export {
  createClientAssertion,
  requestAccessToken,
  TokenRefusedError,
  type ClientAssertionOptions,
} from './client-assertion.js'
