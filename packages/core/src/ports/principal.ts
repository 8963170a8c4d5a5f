/** The authenticated caller, from a verified Lambda ID token. */
export interface Principal {
  /** Token subject, `lid:…`; must equal the request's user_id. */
  sub: string;
  /** Tier granted by the token, 1-5. */
  tier: number;
  /** Consent scopes granted by the token, e.g. `consciousness`. */
  consent: readonly string[];
  /** Access scopes granted by the token (its `scope` claim), e.g. `auditor`. @default [] */
  scopes?: readonly string[];
}
