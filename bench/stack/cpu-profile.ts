import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * Profiles this process from now until the returned function is called, then writes the profile.
 * Started once the app is up, so that TypeScript compilation and Nest's start-up stay out of it
 * (`node --cpu-prof` would record the whole life of the process).
 */
export async function startCpuProfile(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = await post<{ profile: object }>('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
