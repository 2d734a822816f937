import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import type { Env } from '@app/config';
import { checkContent } from '@app/domain';
import type { Finding, RuleSet } from '@app/domain';
import { RulePool, RuleRunOutcome } from './rule-pool.service';
import { BlockedHashEntity } from './rule-set.entities';

export const BLOCKLIST_RULE_ID = 'integrity.blocklisted';

export interface ContentEvaluation {
  findings: Finding[];
  sniffedMediaType: string;
  /** Undefined when there were no rules to run. */
  rules?: { outcome: RuleRunOutcome; durationMs: number };
}

/**
 * Everything that judges content on its own, shared by validation and the rule-set test endpoint:
 * the media checks (supported type, declared truthfully, size limit), the blocklist, and the brand
 * rules, which run in the thread pool with their time bound.
 */
@Injectable()
export class ContentEvaluator {
  constructor(
    private readonly pool: RulePool,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async evaluate(
    em: EntityManager,
    input: { bytes: Uint8Array; mediaType: string; sha256: string; ruleSet: RuleSet | null },
  ): Promise<ContentEvaluation> {
    const media = checkContent(
      input.bytes,
      input.mediaType,
      this.config.get('MAX_CONTENT_BYTES', { infer: true }),
    );
    const findings = [...(await blocklistFindings(em, input.sha256)), ...media.findings];
    if (!input.ruleSet || input.ruleSet.rules.length === 0) {
      return { findings, sniffedMediaType: media.sniffedMediaType };
    }
    const run = await this.pool.run(input.bytes, input.mediaType, input.ruleSet);
    return {
      findings: [...findings, ...run.findings],
      sniffedMediaType: media.sniffedMediaType,
      rules: { outcome: run.outcome, durationMs: run.durationMs },
    };
  }
}

async function blocklistFindings(em: EntityManager, sha256: string): Promise<Finding[]> {
  const blocked = await em.findOneBy(BlockedHashEntity, { sha256 });
  if (!blocked) return [];
  return [
    {
      ruleId: BLOCKLIST_RULE_ID,
      severity: 'error',
      message: `Content with SHA-256 ${sha256} is blocklisted: ${blocked.reason}`,
    },
  ];
}
