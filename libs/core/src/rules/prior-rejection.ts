import { EntityManager } from 'typeorm';
import { INTEGRITY_RULE_ID } from '@app/domain';
import type { Finding } from '@app/domain';

export const PRIOR_REJECTION_RULE_ID = 'integrity.previously-rejected';

/**
 * Flags content whose exact bytes were rejected before in the same class: by reviewers (`rejected`)
 * or by validation for a reason other than a wrongly declared hash (which says nothing about the
 * content). A warning, not an error: the brand rules run again anyway and will fail the content again
 * if it still breaks them, and a class under review puts it in front of people, who now see that it
 * was turned down before. To refuse content outright, admins blocklist its hash.
 */
export async function priorRejectionFindings(
  em: EntityManager,
  input: { classId: string; contentSha256: string; versionId: string },
): Promise<Finding[]> {
  const [earlier] = await em.query<{ asset_id: string; version: number; status: string }[]>(
    `SELECT v.asset_id, v.version, v.status
       FROM asset_versions v
       JOIN assets a ON a.id = v.asset_id
      WHERE v.content_sha256 = $1
        AND a.class_id = $2
        AND v.id <> $3
        AND (v.status = 'rejected'
             OR (v.status = 'validation_failed' AND EXISTS (
                   SELECT 1 FROM jsonb_array_elements(v.findings) f
                    WHERE f->>'severity' = 'error' AND f->>'ruleId' <> $4)))
      ORDER BY v.created_at DESC
      LIMIT 1`,
    [input.contentSha256, input.classId, input.versionId, INTEGRITY_RULE_ID],
  );
  if (!earlier) return [];
  const how = earlier.status === 'rejected' ? 'was rejected by review' : 'failed validation';
  return [
    {
      ruleId: PRIOR_REJECTION_RULE_ID,
      severity: 'warning',
      message: `The same content (SHA-256 ${input.contentSha256}) ${how} before in this class: asset ${earlier.asset_id}, version ${earlier.version}`,
    },
  ];
}
