export type Severity = 'error' | 'warning';

/** Where a finding sits in the content: 1-based line and column, as editors show them. */
export interface FindingLocation {
  line: number;
  column: number;
  length: number;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location?: FindingLocation;
}

/** A version passes validation when no finding blocks it; warnings only annotate. */
export function passes(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity !== 'error');
}
