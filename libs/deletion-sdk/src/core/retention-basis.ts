/**
 * The grounds on which GDPR Art. 17(3) lets a controller keep data it was asked to erase. Pass one to `retained()`;
 * a named national retention rule (e.g. `"de-hgb-257-tax-records"`) is equally valid.
 */
export const RetentionBasis = {
  /** Art. 17(3)(a): exercising the right of freedom of expression and information. */
  FreedomOfExpression: 'gdpr-art17-3a-freedom-of-expression',
  /** Art. 17(3)(b): compliance with a legal obligation, e.g. tax and accounting records. */
  LegalObligation: 'gdpr-art17-3b-legal-obligation',
  /** Art. 17(3)(c): reasons of public interest in the area of public health. */
  PublicHealth: 'gdpr-art17-3c-public-health',
  /** Art. 17(3)(d): archiving in the public interest, scientific or historical research, statistics. */
  ArchivingOrResearch: 'gdpr-art17-3d-archiving-research-statistics',
  /** Art. 17(3)(e): establishment, exercise or defence of legal claims. */
  LegalClaims: 'gdpr-art17-3e-legal-claims',
} as const;

export type RetentionBasis = (typeof RetentionBasis)[keyof typeof RetentionBasis];
