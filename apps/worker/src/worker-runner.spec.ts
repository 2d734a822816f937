import { JobName } from '@app/queues';
import { JobProcessor } from './job-processor';
import { checkProcessors } from './worker-runner';

const processorFor = (jobName: string, name = `${jobName}Processor`): JobProcessor =>
  Object.assign(Object.create({ constructor: { name } }) as object, {
    jobName: jobName as JobName,
    process: () => Promise.resolve(undefined),
  });

describe('the start-up check of job processors', () => {
  const all = Object.values(JobName).map((name) => processorFor(name));

  it('accepts exactly one processor per job name', () => {
    const byName = checkProcessors(all);
    expect([...byName.keys()].sort()).toEqual(Object.values(JobName).sort());
  });

  it('refuses a job name without a processor', () => {
    expect(() => checkProcessors(all.slice(1))).toThrow(/No processor for job\(s\): /);
  });

  it('refuses two processors for one job name', () => {
    expect(() => checkProcessors([...all, processorFor(JobName.ReleaseVersion, 'Other')])).toThrow(
      /two processors/,
    );
  });

  it('refuses a processor for a job name that does not exist', () => {
    expect(() => checkProcessors([...all, processorFor('no-such-job')])).toThrow(/unknown job "no-such-job"/);
  });
});
