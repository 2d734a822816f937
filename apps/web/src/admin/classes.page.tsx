import { useState } from 'react';
import { get } from '../api/http.client';
import type { AssetClassView } from '../api/api.types';
import { useAsync } from '../ui/async.hook';
import { Badge, Card, ErrorNote, ListNav, Loading, Notice, PageHeader, pct } from '../ui/kit.view';
import { PolicyEditor } from './policy-editor.view';

export function ClassesPage() {
  const classes = useAsync(() => get<AssetClassView[]>('/v1/asset-classes'), []);
  const [selected, setSelected] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const list = classes.data ?? [];
  const current = list.find((c) => c.key === selected) ?? list[0];

  return (
    <>
      <PageHeader title="Classes & policies" subtitle="Who votes on what, and what it takes to release" />
      <ErrorNote error={classes.error} />
      {!classes.data && <Loading />}
      {current && (
        <div className="split">
          <ListNav
            label="Asset classes"
            items={list}
            keyOf={(c) => c.key}
            current={current.key}
            onSelect={(key) => {
              setSelected(key);
              setSaved(undefined);
            }}
            title={(c) => c.name}
            detail={(c) => (
              <>
                {c.key} ·{' '}
                {c.policy.mode === 'auto'
                  ? 'auto'
                  : `quorum ${pct(c.policy.quorumBps)}, approval ${pct(c.policy.approvalBps)}`}
              </>
            )}
          />
          <div>
            {saved && <Notice tone="success">{saved}</Notice>}
            <Card
              title={`${current.name}`}
              aside={
                <span className="row-gap">
                  <Badge tone="violet">policy v{current.policy.version}</Badge>
                  <Badge>
                    {current.voterGroups.length
                      ? `voters: ${current.voterGroups.join(', ')}`
                      : 'voters: everyone with a weight'}
                  </Badge>
                  <Badge>
                    {current.ruleSets.length
                      ? `rules: ${current.ruleSets.map((r) => `${r.key} v${r.version}`).join(' → ')}`
                      : 'rules: media checks only'}
                  </Badge>
                </span>
              }
            >
              <PolicyEditor
                key={`${current.key}-${current.policy.version}`}
                cls={current}
                onSaved={(p) => {
                  setSaved(
                    `Saved ${p.classKey} policy version ${p.version}. Decisions opened from now on use it.`,
                  );
                  classes.reload();
                }}
              />
            </Card>
          </div>
        </div>
      )}
    </>
  );
}
