/**
 * What a rule reports before the engine turns it into a Finding: a message and, for textual rules,
 * the span of text it concerns as string offsets. Rules stay free of line and column arithmetic.
 */
export interface Hit {
  message: string;
  start?: number;
  end?: number;
}
