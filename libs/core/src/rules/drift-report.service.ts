import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssetClassEntity } from '../entities';
import { InvalidInputError, NotFoundError } from '../errors';

/** Versions whose provenance names no model are counted under this label. */
export const UNKNOWN_MODEL = '(unknown)';

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_SPAN_MS = 12 * 7 * DAY_MS;
const MAX_SPAN_MS = 3 * 366 * DAY_MS;

export interface DriftRow {
  model: string;
  /** ISO 8601 week, such as 2025-W48 (weeks start on Monday, in UTC). */
  week: string;
  weekStart: string;
  validated: number;
  failed: number;
  /** failed / validated, rounded to four decimal places. */
  failureRate: number;
}

export interface DriftReport {
  classKey: string | null;
  from: string;
  to: string;
  rows: DriftRow[];
  /** The same counts per model over the whole period. */
  models: Omit<DriftRow, 'week' | 'weekStart'>[];
}

/**
 * Validation failure rate per generator model (the `model` the bot declared in its provenance) per
 * ISO week of submission: a model whose output starts failing the brand rules shows up here first.
 */
@Injectable()
export class DriftReportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(query: { classKey?: string; from?: Date; to?: Date }): Promise<DriftReport> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_SPAN_MS);
    if (from.getTime() >= to.getTime()) throw new InvalidInputError('from must be before to');
    if (to.getTime() - from.getTime() > MAX_SPAN_MS) {
      throw new InvalidInputError('The period may span at most three years');
    }
    let classId: string | null = null;
    if (query.classKey !== undefined) {
      const found = await this.dataSource.getRepository(AssetClassEntity).findOneBy({ key: query.classKey });
      if (!found) throw new NotFoundError(`Asset class "${query.classKey}" not found`);
      classId = found.id;
    }
    const raw = await this.dataSource.query<
      { model: string; week: string; week_start: string; validated: number; failed: number }[]
    >(
      `SELECT COALESCE(NULLIF(v.provenance->>'model', ''), $4) AS model,
              to_char(date_trunc('week', v.created_at AT TIME ZONE 'UTC'), 'IYYY-"W"IW') AS week,
              to_char(date_trunc('week', v.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week_start,
              count(*)::int AS validated,
              count(*) FILTER (WHERE NOT r.passed)::int AS failed
         FROM validation_results r
         JOIN asset_versions v ON v.id = r.version_id
        WHERE ($1::uuid IS NULL OR r.class_id = $1)
          AND v.created_at >= $2 AND v.created_at < $3
        GROUP BY 1, 2, 3
        ORDER BY 3, 1`,
      [classId, from, to, UNKNOWN_MODEL],
    );
    const rows = raw.map((r) => ({
      model: r.model,
      week: r.week,
      weekStart: r.week_start,
      validated: r.validated,
      failed: r.failed,
      failureRate: rate(r.failed, r.validated),
    }));
    const totals = new Map<string, { validated: number; failed: number }>();
    for (const row of rows) {
      const total = totals.get(row.model) ?? { validated: 0, failed: 0 };
      total.validated += row.validated;
      total.failed += row.failed;
      totals.set(row.model, total);
    }
    return {
      classKey: query.classKey ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      rows,
      models: [...totals]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([model, t]) => ({ model, ...t, failureRate: rate(t.failed, t.validated) })),
    };
  }
}

function rate(failed: number, validated: number): number {
  return validated === 0 ? 0 : Math.round((failed / validated) * 10_000) / 10_000;
}
